// SPDX-License-Identifier: MIT
#pragma once

#include "replay/runstate.h"

#include <QWidget>
#include <array>
#include <vector>

namespace poolscope {

class RunDocument;

// The status line's summary: how many tasks are in each state (glyph, word and number) and how many
// cancel() calls were refused.
class StatusCounts : public QWidget
{
    Q_OBJECT
public:
    explicit StatusCounts(RunDocument *model, QWidget *parent = nullptr);

    std::array<int, TaskStateCount> counts() const { return m_counts; }
    int refusedCancels() const { return m_refused; }
    QString text() const; // "pending 0, running 1, ... refused cancels 1" (accessible name, tests)

    QSize sizeHint() const override; // every state with its word
    QSize minimumSizeHint() const override; // the states no task has without their word
    bool wordsForZeros() const; // false when the words of the states no task has do not fit its width

protected:
    void paintEvent(QPaintEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    int widthFor(bool wordsForZeros) const;
    void sync();
    std::vector<TaskState> shownStates() const;

    RunDocument *m_model;
    std::array<int, TaskStateCount> m_counts {};
    int m_refused = 0;
    QSize m_askedFor; // the size hint the status bar last laid out
};

} // namespace poolscope
