// SPDX-License-Identifier: MIT
#include "code/pythonpane.h"

#include "render/statepalette.h"
#include "scenario/scenario.h"
#include "window/rundocument.h"

#include <QFontDatabase>
#include <QRegularExpression>
#include <QSyntaxHighlighter>
#include <QTextBlock>
#include <algorithm>

namespace poolscope {

namespace {

// Keywords in bold, strings and comments in a darker tone: readable in black and white too.
class PythonHighlighter : public QSyntaxHighlighter
{
public:
    using QSyntaxHighlighter::QSyntaxHighlighter;

protected:
    void highlightBlock(const QString &text) override
    {
        static const QRegularExpression keyword(QStringLiteral(
                "\\b(def|return|for|in|if|elif|else|with|as|import|from|not|and|or|is|None|True|False|raise|pass)\\b"));
        static const QRegularExpression string(QStringLiteral("f?\"[^\"]*\"|\"\"\".*"));
        static const QRegularExpression comment(QStringLiteral("#.*$"));
        QTextCharFormat bold;
        bold.setFontWeight(QFont::Bold);
        for (auto it = keyword.globalMatch(text); it.hasNext();) {
            const auto m = it.next();
            setFormat(int(m.capturedStart()), int(m.capturedLength()), bold);
        }
        QTextCharFormat str;
        str.setForeground(QColor(0x7A3E00));
        for (auto it = string.globalMatch(text); it.hasNext();) {
            const auto m = it.next();
            setFormat(int(m.capturedStart()), int(m.capturedLength()), str);
        }
        QTextCharFormat muted;
        muted.setForeground(palette::mutedTextColor());
        muted.setFontItalic(true);
        const auto m = comment.match(text);
        // A '#' inside a string ("job#1") is not a comment: only one after the last quote counts.
        if (m.hasMatch() && text.lastIndexOf(QLatin1Char('"')) < m.capturedStart())
            setFormat(int(m.capturedStart()), int(m.capturedLength()), muted);
    }
};

} // namespace

PythonPane::PythonPane(RunDocument *document, QWidget *parent) : QPlainTextEdit(parent), m_document(document)
{
    setReadOnly(true);
    setUndoRedoEnabled(false);
    setLineWrapMode(QPlainTextEdit::NoWrap);
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    mono.setPointSizeF(font().pointSizeF());
    setFont(mono);
    new PythonHighlighter(this->document());
    connect(document, &RunDocument::cursorChanged, this, [this](qint64 ns) { follow(ns >= 0 ? ns : m_document->nowNs()); });
    connect(document, &RunDocument::nowAdvanced, this, [this](qint64 ns) {
        if (m_document->cursorNs() < 0)
            follow(ns);
    });
    connect(document, &RunDocument::liveFinished, this, [this] { follow(m_document->nowNs()); });
    connect(document, &RunDocument::runReset, this, [this] { follow(m_document->nowNs()); });
    setScenario(std::nullopt);
}

void PythonPane::setScenario(const std::optional<Scenario> &scenario)
{
    m_moments.clear();
    m_markedLine = 0;
    setExtraSelections({});
    if (!scenario || scenario->model != QLatin1String("python")) {
        m_program.reset();
        setPlainText(QString());
        setPlaceholderText(scenario ? QStringLiteral("A %1 scenario: only Python scenarios are written out as a Python program.")
                                              .arg(scenario->model)
                                    : QStringLiteral("The Python program of a scenario appears here (an interactive pool or a "
                                                     "saved run has none)."));
        return;
    }
    m_program = pythonProgram(*scenario);
    setPlainText(m_program->text);
    for (int g = 0; g < scenario->groups.size(); ++g)
        m_moments.append({ qint64(scenario->groups[g].submitAtMs) * 1000000, m_program->submitLines[g] });
    for (int a = 0; a < scenario->actions.size(); ++a)
        m_moments.append({ qint64(scenario->actions[a].atMs) * 1000000, m_program->actionLines[a] });
    std::stable_sort(m_moments.begin(), m_moments.end(), [](const auto &x, const auto &y) { return x.first < y.first; });
    follow(m_document->nowNs());
}

void PythonPane::follow(qint64 nowNs)
{
    if (!m_program)
        return;
    // The schedule is at time ×1; the run may have been slower or faster.
    const double scale = m_document->run().info.timeScale > 0 ? m_document->run().info.timeScale : 1.0;
    int line = 0;
    for (const auto &[atNs, at] : std::as_const(m_moments)) {
        if (double(atNs) * scale > double(nowNs))
            break;
        line = at;
    }
    if (m_document->run().events.empty())
        line = 0; // not run yet
    else if (m_document->hasEnded() && m_document->cursorNs() < 0)
        line = m_program->finalWaitLine; // ended: past the with block
    if (line == m_markedLine)
        return;
    m_markedLine = line;
    if (line <= 0) {
        setExtraSelections({});
        return;
    }
    const QTextBlock block = document()->findBlockByNumber(line - 1);
    QTextEdit::ExtraSelection mark;
    mark.cursor = QTextCursor(block);
    mark.format.setBackground(palette::markTint(palette::Mark::CancelRefused));
    mark.format.setProperty(QTextFormat::FullWidthSelection, true);
    setExtraSelections({ mark });
    setTextCursor(QTextCursor(block));
    centerCursor();
}

} // namespace poolscope
