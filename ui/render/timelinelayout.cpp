// SPDX-License-Identifier: MIT
// The renderer's layout: lane names and heights, the queue lane's size, the heights a view asks for.
#include "render/timelinelayout.h"

#include "layout/timecoordinates.h"
#include "render/timelinelegend.h"
#include "render/timelinerenderer_p.h"

#include <cmath>

namespace poolscope {

int TimelineLayout::laneAt(double y) const
{
    if (!(y >= plot.top()) || laneCount <= 0)
        return -1;
    if (y < plot.top() + laneHeight)
        return CallerLane;
    if (y < plot.top() + laneHeight + queueHeight)
        return QueueLane;
    const int w = poolscope::laneAt(y, plot.top() + laneHeight + queueHeight, laneHeight, laneCount - FirstWorkerLane);
    return w < 0 ? -1 : FirstWorkerLane + w;
}

QString TimelineRenderer::laneName(int lane) const
{
    if (lane == TimelineLayout::CallerLane)
        return QStringLiteral("caller");
    if (lane == TimelineLayout::QueueLane)
        return QStringLiteral("queue");
    const int worker = lane - TimelineLayout::FirstWorkerLane;
    // Several pools: each lane says whose it is, "pool 1 · worker-2" (the thread's own name, often
    // "ThreadPoolExecutor-1_1", is in the lane's tooltip: a gutter cannot hold it whole).
    const Run *run = m_data ? m_data->run() : nullptr;
    return run ? run->workerLabel(qint16(worker)) : QStringLiteral("worker-%1").arg(worker + 1);
}

TimelineLayout TimelineRenderer::layout(const QSizeF &size, const TimelineViewParams &params) const
{
    const QFontMetricsF fm(m_font);
    TimelineLayout l;
    const int workers = m_data ? std::max(1, m_data->workerCount()) : 1;
    l.laneCount = TimelineLayout::FirstWorkerLane + workers;
    // Wide enough for every lane's name whole, the bold ones and "queue ≤N" included.
    QFont bold = m_font;
    bold.setBold(true);
    const QFontMetricsF bfm(bold);
    double widestWorker = 0;
    for (int lane = TimelineLayout::FirstWorkerLane; lane < l.laneCount; ++lane)
        widestWorker = std::max(widestWorker, fm.horizontalAdvance(laneName(lane)));
    const double gutterWidth = std::max(std::max({ widestWorker,
                                   bfm.horizontalAdvance(QStringLiteral("caller")),
                                   bfm.horizontalAdvance(m_data && m_data->queueOverflow()
                                           ? QStringLiteral("queue ≤%1").arg(std::max(1, maxQueueDepth()))
                                           : QStringLiteral("queue")) }) + 18,
            params.minimumGutterWidth);
    double y = 0;
    if (params.showHeader) {
        l.header = QRectF(0, 0, size.width(), fm.height() + 10);
        y = l.header.bottom();
    }
    l.axis
        = QRectF(gutterWidth, y, std::max(1.0, size.width() - gutterWidth - timeline::RightMargin), fm.height() + 12);
    y = l.axis.bottom();
    const double queueWeight = queueLaneWeight();
    double legendHeight = 0;
    if (params.showLegend) {
        // The legend always shows; when the lanes would get thin, in a smaller font.
        for (double scale : { 0.88, 0.76 }) {
            const QList<QRectF> rects = timeline::legendLayout(
                timeline::legendFont(m_font, scale), size.width(), timeline::wordsFor(m_data), legendContents());
            legendHeight = rects.isEmpty() ? 0 : rects.last().bottom() + 4;
            l.legendScale = scale;
            const double lane = (size.height() - y - legendHeight - 2) / (l.laneCount - 1 + queueWeight);
            if (lane >= fm.height() * 1.6)
                break;
        }
    }
    const double lanesHeight = std::max(0.0, size.height() - y - legendHeight - 2);
    l.laneHeight = lanesHeight / (l.laneCount - 1 + queueWeight);
    l.queueHeight = l.laneHeight * queueWeight;
    l.plot = QRectF(gutterWidth, y, l.axis.width(), l.laneHeight * (l.laneCount - 1) + l.queueHeight);
    l.gutter = QRectF(0, y, gutterWidth, l.plot.height());
    l.legend = QRectF(0, l.plot.bottom() + 2, size.width(), legendHeight);
    return l;
}

double TimelineRenderer::queueLaneWeight() const
{
    // One lane when the queue shows its depth or one wait at a time; else rows of ~0.6 lane each.
    if (!m_data || m_data->queueOverflow())
        return m_data && m_data->queueOverflow() ? 1.5 : 1.0;
    const size_t rows = m_data->queueRows().size();
    return rows <= 1 ? 1.0 : std::max(1.0, 0.62 * double(rows));
}

bool TimelineRenderer::queueShowsDepth(const TimelineViewParams &params, double width) const
{
    if (!m_data || m_data->queueOverflow())
        return true;
    // Rows of waits while they are few enough to see one by one; else the depth says more.
    const auto &tasks = m_data->tasks();
    double visible = 0;
    for (const auto &row : m_data->queueRows()) {
        auto a = std::partition_point(row.begin(), row.end(), [&](quint32 i) {
            const TaskStatus &t = tasks[i];
            return t.queueEndNs() >= 0 && std::max(t.queueEndNs(), t.dequeuedNs) < params.rangeStart;
        });
        auto b = std::partition_point(a, row.end(), [&](quint32 i) { return tasks[i].submitNs <= params.rangeEnd; });
        visible += double(b - a);
    }
    return visible > width / 4;
}

int TimelineRenderer::maxQueueDepth() const
{
    if (!m_data)
        return 0;
    if (m_depthRevision == m_data->revision())
        return m_maxDepth;
    // Walk the two sorted time lists together: the deepest the queue got.
    const auto &in = m_data->enqueueTimes();
    const auto &out = m_data->dequeueTimes();
    size_t i = 0, o = 0;
    int depth = 0, best = 0;
    while (i < in.size()) {
        if (o < out.size() && out[o] < in[i]) {
            --depth;
            ++o;
        } else {
            best = std::max(best, ++depth);
            ++i;
        }
    }
    m_depthRevision = m_data->revision();
    m_maxDepth = best;
    return best;
}

double TimelineRenderer::preferredHeight(double width, const TimelineViewParams &params) const
{
    const QFontMetricsF fm(m_font);
    const TimelineLayout l = layout(QSizeF(width, 0), params);
    const double fixed = l.axis.bottom() + l.legend.height() + 2;
    return std::ceil(fixed + (l.laneCount - 1 + queueLaneWeight()) * std::max(26.0, fm.height() * 2.0));
}

double TimelineRenderer::minimumHeight(double width, const TimelineViewParams &params) const
{
    const QFontMetricsF fm(m_font);
    const TimelineLayout l = layout(QSizeF(width, 0), params);
    return std::ceil(l.axis.bottom() + l.legend.height() + 2
        + (l.laneCount - 1 + queueLaneWeight()) * std::max(12.0, fm.height() * 0.9));
}

} // namespace poolscope
