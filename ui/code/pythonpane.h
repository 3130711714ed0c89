// SPDX-License-Identifier: MIT
// The Python program beside the lesson: the scenario as code, the line of what is happening marked.
#pragma once

#include "models/python/pythonprogram.h"

#include <QPlainTextEdit>
#include <optional>

namespace poolscope {

class RunDocument;
struct Scenario;

// Read-only and highlighted; follows the run (and the time cursor) to the last call the caller has made
// by then, by the scenario's own schedule.
class PythonPane : public QPlainTextEdit
{
    Q_OBJECT
public:
    explicit PythonPane(RunDocument *document, QWidget *parent = nullptr);

    void setScenario(const std::optional<Scenario> &scenario); // none, or another model's: a note instead
    bool hasProgram() const { return m_program.has_value(); }
    QString programText() const { return m_program ? m_program->text : QString(); }
    int markedLine() const { return m_markedLine; } // 1-based; 0: none

private:
    void follow(qint64 nowNs);

    RunDocument *m_document;
    std::optional<PythonProgram> m_program;
    QList<QPair<qint64, int>> m_moments; // (scheduled run time at --time-scale 1, line), in time order
    int m_markedLine = 0;
};

} // namespace poolscope
