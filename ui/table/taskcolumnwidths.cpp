// SPDX-License-Identifier: MIT
#include "table/taskcolumnwidths.h"

#include "record/run.h"
#include "table/cancelresultsdelegate.h"
#include "table/statedelegate.h"
#include "table/tasktablemodel.h"

#include <QFontMetrics>
#include <algorithm>

namespace poolscope {

void TaskColumnWidths::measureWords(const Run &run, const QFont &font)
{
    const QFontMetrics fm(font);
    // The ids a lesson has are a few short names: the first rows tell their length.
    m_longestId = QStringLiteral("job#00");
    for (quint32 row = 0, n = quint32(std::min<qsizetype>(qsizetype(run.tasks.size()), 2000)); row < n; ++row) {
        const QString id = run.taskId(row);
        if (id.size() > m_longestId.size())
            m_longestId = id;
    }
    // A recording's workers are its threads' names ("ThreadPoolExecutor-0_0"), a scenario's worker-N.
    m_longestWorker = QStringLiteral("worker-00");
    for (int w = 0, n = run.recorded() ? int(run.recording.workers.size()) : 0; w < n; ++w) {
        const QString name = run.laneName(qint16(w));
        if (fm.horizontalAdvance(name) > fm.horizontalAdvance(m_longestWorker))
            m_longestWorker = name;
    }
}

int TaskColumnWidths::header(int column, const QFont &headerFont) const
{
    const QFontMetrics hfm(headerFont);
    return hfm.horizontalAdvance(m_tasks->headerData(column, Qt::Horizontal).toString()) + hfm.height();
}

int TaskColumnWidths::wanted(int column, const QFont &font, const QFont &headerFont, bool reserveOneCancel) const
{
    const QFontMetrics fm(font);
    const int line = fm.height();
    int words = 0;
    switch (column) {
    case TaskTableModel::IdColumn: words = fm.horizontalAdvance(m_longestId) + line; break;
    case TaskTableModel::StateColumn:
        words = StateDelegate::widthFor(font, m_tasks->anyCancelRefused(), m_tasks->anyIgnoredStop(),
                                        m_tasks->anyStopRequested(), m_tasks->longestNotes());
        break;
    case TaskTableModel::ProgressColumn: words = fm.horizontalAdvance(QStringLiteral("000 / 000")) + line; break;
    case TaskTableModel::CancelColumn: {
        const int results = reserveOneCancel ? std::max(1, m_tasks->mostCancelResults()) : m_tasks->mostCancelResults();
        if (results > 0 || m_tasks->anyCancelledByShutdown())
            words = CancelResultsDelegate::widthFor(fm, results, m_tasks->anyCancelledByShutdown());
        break;
    }
    case TaskTableModel::StopCheckColumn: words = fm.horizontalAdvance(m_tasks->longestCheckWords()) + line; break;
    case TaskTableModel::WorkerColumn: words = fm.horizontalAdvance(m_longestWorker) + line; break;
    default: words = fm.horizontalAdvance(QStringLiteral("00.00 s")) + line; break; // start, end
    }
    return std::max(words, header(column, headerFont));
}

int TaskColumnWidths::chipFloor(int column, int width, const QFont &headerFont) const
{
    return std::max(header(column, headerFont), width * ChipFloorPercent / 100);
}

} // namespace poolscope
