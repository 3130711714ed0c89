// SPDX-License-Identifier: MIT
#pragma once

#include <QFont>
#include <QString>

namespace poolscope {

struct Run;
class TaskTableModel;

// How wide each column of a task table must be for what its rows hold: from the delegates' measures, the
// font and what the model says the rows hold (the most cancel() results, any refused cancel or ignored
// stop), never by measuring every row. The main window's table and each of a comparison's size by it.
class TaskColumnWidths
{
public:
    // A chip column (state, cancel()) narrowed to its glyphs keeps this share of its width, or its header.
    static constexpr int ChipFloorPercent = 55;

    explicit TaskColumnWidths(const TaskTableModel *tasks = nullptr) : m_tasks(tasks) { }

    // The run's longest task id (in its first rows) and worker name (a recording's thread names): once
    // per new rows, never per refresh.
    void measureWords(const Run &run, const QFont &font);
    // The column's words and chips whole, or its header's width if that is wider. A cancel() column with
    // no result yet is as wide as its header, unless reserveOneCancel (a comparison keeps still).
    int wanted(int column, const QFont &font, const QFont &headerFont, bool reserveOneCancel = false) const;
    int header(int column, const QFont &headerFont) const;
    int chipFloor(int column, int width, const QFont &headerFont) const; // the narrowest a chip column gets

private:
    const TaskTableModel *m_tasks;
    QString m_longestId = QStringLiteral("job#00");
    QString m_longestWorker = QStringLiteral("worker-00");
};

} // namespace poolscope
