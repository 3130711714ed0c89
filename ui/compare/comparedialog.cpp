// SPDX-License-Identifier: MIT
#include "compare/comparedialog.h"

#include "compare/comparisonwindow.h"
#include "io/runsource.h"
#include "scenario/scenario.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace poolscope {

namespace {
// Pairs that differ in the one thing a lesson is about. Either way round.
const char *const Partners[][2] = {
    { "cancel-running", "cancel-then-stop" },
    { "cancel-pending", "cancel-running" },
    { "stop-event", "event-wait" },
    { "never-checks", "stop-event" },
    { "stop-then-clear", "stop-event" },
    { "shutdown-cancel-futures", "cancel-then-stop" },
    { "shutdown-wait-blocks", "shutdown-cancel-futures" },
};
} // namespace

CompareDialog::CompareDialog(QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(QStringLiteral("Compare two runs"));
    auto *intro = new QLabel(QStringLiteral("Both run at once on one time axis, A above B. Each is a built-in "
                                            "scenario, a scenario file or a saved run (.poolscope)."),
                             this);
    intro->setWordWrap(true);
    m_a = makeChoice();
    m_b = makeChoice();
    auto *form = new QFormLayout;
    auto row = [this, form](const QString &label, const QString &fileLabel, QComboBox *box) {
        auto *file = new QPushButton(fileLabel, this);
        file->setToolTip(QStringLiteral("Choose a scenario file (.json) or a saved run (.poolscope)"));
        connect(file, &QPushButton::clicked, this, [this, box] { pickFile(box); });
        auto *line = new QHBoxLayout;
        line->addWidget(box, 1);
        line->addWidget(file);
        auto *name = new QLabel(label, this);
        name->setBuddy(box);
        form->addRow(name, line);
    };
    row(QStringLiteral("&A (above):"), QStringLiteral("&File for A…"), m_a);
    row(QStringLiteral("&B (below):"), QStringLiteral("F&ile for B…"), m_b);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    QPushButton *compare = buttons->addButton(QStringLiteral("C&ompare"), QDialogButtonBox::AcceptRole);
    compare->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(buttons);
    setChoices(QString());
}

QComboBox *CompareDialog::makeChoice()
{
    auto *box = new QComboBox(this);
    box->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    for (const QString &name : builtinScenarioNames()) {
        const ScenarioParseResult r = loadBuiltinScenario(name);
        box->addItem(r.scenario ? QStringLiteral("%1 — %2").arg(name, r.scenario->title) : name, name);
    }
    return box;
}

void CompareDialog::choose(QComboBox *box, const QString &value)
{
    int index = box->findData(value);
    if (index < 0) {
        box->addItem(QStringLiteral("file: %1").arg(QFileInfo(value).fileName()), value);
        box->setItemData(box->count() - 1, value, Qt::ToolTipRole);
        index = box->count() - 1;
    }
    box->setCurrentIndex(index);
}

void CompareDialog::setChoices(const QString &a, const QString &b)
{
    const QString first = a.isEmpty() ? QStringLiteral("cancel-running") : a;
    choose(m_a, first);
    choose(m_b, b.isEmpty() ? partnerOf(first) : b);
}

QString CompareDialog::choiceA() const
{
    return m_a->currentData().toString();
}

QString CompareDialog::choiceB() const
{
    return m_b->currentData().toString();
}

QString CompareDialog::partnerOf(const QString &name)
{
    for (const auto &pair : Partners) {
        if (name == QLatin1String(pair[0]))
            return QLatin1String(pair[1]);
        if (name == QLatin1String(pair[1]))
            return QLatin1String(pair[0]);
    }
    return name == QLatin1String("cancel-then-stop") ? QStringLiteral("cancel-running") : QStringLiteral("cancel-then-stop");
}

void CompareDialog::pickFile(QComboBox *box)
{
    const QString path = QFileDialog::getOpenFileName(this, QStringLiteral("A scenario or a saved run"), QString(),
                                                      QStringLiteral("Scenarios and runs (*.json *.poolscope);;All files (*)"));
    if (!path.isEmpty())
        choose(box, path);
}

void CompareDialog::openComparison(QWidget *parent, const QString &current, double timeScale)
{
    CompareDialog dialog(parent);
    dialog.setChoices(current);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const RunSource a = loadRunSource(dialog.choiceA());
    const RunSource b = loadRunSource(dialog.choiceB());
    for (const auto &[letter, source] : { std::pair { "A", &a }, std::pair { "B", &b } }) {
        if (!source->error.isEmpty()) {
            QMessageBox::warning(parent, QStringLiteral("Cannot compare"),
                                 QStringLiteral("%1: %2").arg(QLatin1String(letter), source->error));
            return;
        }
    }
    auto *window = new ComparisonWindow;
    window->setAttribute(Qt::WA_DeleteOnClose);
    window->resize(parent ? parent->window()->size() : QSize(1280, 720));
    window->start(a, b, timeScale);
    window->show();
}

} // namespace poolscope
