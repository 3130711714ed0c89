// SPDX-License-Identifier: MIT
#include "predict/predictionpanel.h"

#include "models/model.h"
#include "models/modelregistry.h"
#include "models/modelwords.h"
#include "predict/guessdelegate.h"
#include "predict/predictionmodel.h"
#include "predict/predictionscore.h"
#include "scenario/scenario.h"

#include <QEvent>
#include <QHeaderView>
#include <QKeyEvent>
#include <QTableView>
#include <QVBoxLayout>

namespace poolscope {

namespace {
// Enough rows for every lesson; a large pool's guesses scroll.
constexpr int MostRowsShown = 6;
}

PredictionPanel::PredictionPanel(QWidget *parent)
    : QFrame(parent)
    , m_model(new PredictionModel(this))
    , m_table(new QTableView(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 2);

    m_table->setModel(m_model);
    m_table->setItemDelegate(new GuessDelegate(m_table));
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setSelectionBehavior(QAbstractItemView::SelectItems);
    m_table->setEditTriggers(
        QAbstractItemView::DoubleClicked | QAbstractItemView::SelectedClicked | QAbstractItemView::EditKeyPressed);
    m_table->setTabKeyNavigation(true);
    // A long reason wraps in a narrow window rather than losing its end to an ellipsis.
    m_table->setWordWrap(true);
    m_table->setTextElideMode(Qt::ElideNone);
    m_table->setShowGrid(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    m_table->installEventFilter(this);
    if (parent)
        parent->installEventFilter(this); // its height bounds ours
    layout->addWidget(m_table);

    connect(m_model, &PredictionModel::guessesChanged, this, [this] {
        m_missing.clear();
        emit promptChanged();
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, &PredictionPanel::fitHeight);
    connect(m_model, &QAbstractItemModel::dataChanged, this, [this] {
        if (isVisible())
            fitHeight(); // a mark's words may wrap a row
    });
}

void PredictionPanel::setScenario(const Scenario *scenario)
{
    m_running = false;
    m_markedSinceSet = false;
    m_model->setLocked(false);
    m_notAsked.clear();
    const qsizetype tasks = scenario ? scenario->instanceIds().size() : 0;
    if (!scenario || tasks > MostTasksAsked) {
        m_model->setTasks({}, {}, {}, findModel(QStringLiteral("python"))->words());
        if (scenario)
            m_notAsked = QStringLiteral("Predict mode asks about lessons of up to %1 tasks; %2 has %3, so it runs without "
                                        "questions")
                                 .arg(MostTasksAsked)
                                 .arg(scenario->name)
                                 .arg(tasks);
        return;
    }
    const Model &rules = scenario->modelRules();
    m_model->setTasks(scenario->instanceIds(), PredictionScore::choices(scenario->model),
        PredictionScore::cancelledByScenario(*scenario), rules.words());
    if (m_model->rowCount() > 0)
        m_table->setCurrentIndex(m_model->index(0, PredictionModel::GuessColumn));
}

bool PredictionPanel::hasTasks() const
{
    return m_model->rowCount() > 0;
}

bool PredictionPanel::readyToRun()
{
    const int row = m_model->firstMissingGuess();
    if (row < 0)
        return true;
    const std::vector<Prediction> rows = m_model->predictions();
    const bool outcome = !rows[size_t(row)].outcome;
    m_missing = outcome
        ? QStringLiteral("%1 has no guess yet: how will it end?").arg(rows[size_t(row)].taskId)
        : QStringLiteral("%1: will cancel() return True? Choose before the run.").arg(rows[size_t(row)].taskId);
    emit promptChanged();
    m_table->setFocus();
    m_table->setCurrentIndex(
        m_model->index(row, outcome ? PredictionModel::GuessColumn : PredictionModel::CancelGuessColumn));
    return false;
}

void PredictionPanel::runStarted()
{
    m_running = true;
    m_model->clearScore();
    m_table->clearSelection();
    m_model->setLocked(true);
    emit promptChanged();
}

void PredictionPanel::runEnded(const Run &run, const RunState &finalState, const ModelWords &words)
{
    if (!m_running)
        return;
    m_running = false;
    m_markedSinceSet = true;
    m_model->setLocked(false);
    m_model->setScore(PredictionScore(m_model->predictions(), run, finalState, words));
    m_table->clearSelection(); // the marks' tints, not the selection's colour
    fitHeight();
    emit promptChanged();
}

QString PredictionPanel::applyGuesses(const QString &text)
{
    QStringList ids;
    for (int row = 0; row < m_model->rowCount(); ++row)
        ids << m_model->index(row, PredictionModel::TaskColumn).data().toString();
    for (const QString &entry : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const qsizetype eq = entry.indexOf(QLatin1Char('='));
        QString id = entry.left(eq).trimmed();
        const QString value = entry.mid(eq + 1).trimmed();
        const bool cancel = id.endsWith(QLatin1String(".cancel"));
        if (cancel)
            id.chop(int(qstrlen(".cancel")));
        const int row = m_model->rowOf(id);
        if (eq < 0 || row < 0)
            return QStringLiteral("--predict %1: needs TASK=OUTCOME or TASK.cancel=True|False with a task of this "
                                  "scenario (%2)")
                .arg(entry, ids.join(QStringLiteral(", ")));
        const int column = cancel ? PredictionModel::CancelGuessColumn : PredictionModel::GuessColumn;
        const QModelIndex cell = m_model->index(row, column);
        if (!m_model->setData(cell, value, Qt::EditRole)) {
            const QStringList choices = cell.data(PredictionModel::ChoicesRole).toStringList();
            return choices.isEmpty()
                ? QStringLiteral("--predict %1: the scenario makes no cancel() on %2").arg(entry, id)
                : QStringLiteral("--predict %1: must be one of %2").arg(entry, choices.join(QStringLiteral(", ")));
        }
    }
    return {};
}

QString PredictionPanel::promptText() const
{
    QString text;
    if (m_model->isScored())
        text = QStringLiteral("Your predictions: %1. Change guesses, then Run and check (F5) again.")
                   .arg(m_model->score().text());
    else if (m_running)
        text = QStringLiteral("Running — your guesses stand; they are marked when the run ends.");
    else if (!m_missing.isEmpty())
        text = m_missing;
    else if (m_model->firstMissingGuess() >= 0)
        text = QStringLiteral(
            "Predict, then run: how will each task end? Choose with a first letter or F2, then Run and check (F5).");
    else
        text = QStringLiteral("Every guess is made: Run and check (F5).");
    return text;
}

void PredictionPanel::fitHeight()
{
    // As tall as its rows (up to a few): the run's table and timeline keep the rest of the window.
    m_table->resizeRowsToContents();
    const int rows = std::clamp(m_model->rowCount(), 1, MostRowsShown);
    int h = m_table->horizontalHeader()->sizeHint().height() + 2 * m_table->frameWidth() + 2;
    bool wrapped = false;
    for (int row = 0; row < rows; ++row) {
        const int rowHeight = m_table->rowHeight(row) > 0 ? m_table->rowHeight(row) : m_table->verticalHeader()->defaultSectionSize();
        wrapped = wrapped || rowHeight > m_table->verticalHeader()->defaultSectionSize() * 3 / 2;
        h += rowHeight;
    }
    // Never more than a share of the window, the timeline keeps room for its lanes (the guesses scroll
    // instead): a third, or a quarter once the reasons wrap (large type in presenter mode, a narrow window).
    if (parentWidget() && parentWidget()->height() > 0)
        h = std::min(h, std::max(parentWidget()->height() / (wrapped ? 4 : 3), m_table->horizontalHeader()->sizeHint().height() * 3));
    m_table->setFixedHeight(h);
}

bool PredictionPanel::chooseByLetter(const QString &text)
{
    const QModelIndex current = m_table->currentIndex();
    if (!current.isValid() || !(m_model->flags(current) & Qt::ItemIsEditable) || text.size() != 1
        || !text[0].isLetter())
        return false;
    const QStringList choices = current.data(PredictionModel::ChoicesRole).toStringList();
    QStringList matches;
    for (const QString &c : choices) {
        if (c.startsWith(text, Qt::CaseInsensitive))
            matches << c;
    }
    if (matches.isEmpty())
        return false;
    // Typing the same letter again goes on to the next word with it (c: completed, cancelled).
    const int at = matches.indexOf(current.data(Qt::EditRole).toString());
    return m_model->setData(current, matches[(at + 1) % matches.size()], Qt::EditRole);
}

bool PredictionPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == parentWidget() && event->type() == QEvent::Resize && isVisible())
        fitHeight();
    // While a combo edits a cell the keys go to it, not here.
    if (watched == m_table) {
        if (event->type() == QEvent::ShortcutOverride) {
            // ←/→ move between the guesses here, not through a narrated lesson's steps.
            const auto *key = static_cast<QKeyEvent *>(event);
            if (key->modifiers() == Qt::NoModifier && (key->key() == Qt::Key_Left || key->key() == Qt::Key_Right)) {
                event->accept();
                return true;
            }
        } else if (event->type() == QEvent::KeyPress) {
            const auto *key = static_cast<QKeyEvent *>(event);
            if ((key->modifiers() & ~Qt::ShiftModifier) == Qt::NoModifier && chooseByLetter(key->text()))
                return true;
        }
    }
    return QFrame::eventFilter(watched, event);
}

} // namespace poolscope
