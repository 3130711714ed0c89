// SPDX-License-Identifier: MIT
#include "render/timelinerenderer.h"

#include "models/model.h"
#include "models/modelregistry.h"
#include "render/timelinegeometry.h"
#include "render/timelinepainter.h"
#include "render/timelinerenderer_p.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(timelinePaintLog, "poolscope.timeline.paint", QtWarningMsg)

namespace poolscope {

namespace timeline {

const ModelWords &wordsFor(const RunHistory *data)
{
    const Model *model = data && data->run() ? findModel(data->run()->info.model) : nullptr;
    return (model ? model : findModel(QStringLiteral("python")))->words();
}

} // namespace timeline

TimelineRenderer::TimelineRenderer(const RunHistory *data)
    : m_data(data)
{
    m_font.setPixelSize(14);
}

TimelineRenderer::~TimelineRenderer() = default;

void TimelineRenderer::setData(const RunHistory *data)
{
    m_data = data;
    invalidate();
}

void TimelineRenderer::setFont(const QFont &font)
{
    m_font = font;
    invalidate();
}

void TimelineRenderer::invalidate()
{
    m_geometry.reset();
}

qint64 TimelineRenderer::nowFor(const TimelineViewParams &params) const
{
    if (params.nowNs >= 0)
        return params.nowNs;
    return m_data ? m_data->lastEventNs() : 0;
}

QString TimelineRenderer::summaryText() const
{
    if (!m_data)
        return {};
    const LatencySummary s = m_data->latencySummary();
    if (s.count == 0)
        return {};
    return QStringLiteral("stop latency (event set → task returned): max %1 (%2) · median %3 · %4 stopped")
        .arg(formatTimelineDuration(s.maxNs), m_data->taskId(s.maxTask), formatTimelineDuration(s.medianNs))
        .arg(s.count);
}

const timeline::Geometry &TimelineRenderer::ensureGeometry(const QSizeF &size, const TimelineViewParams &params)
{
    const qint64 now = nowFor(params);
    const quint64 revision = m_data ? m_data->revision() : 0;
    const QString fontKey = m_font.key();
    timeline::Geometry *g = m_geometry.get();
    if (g && g->start == params.rangeStart && g->end == params.rangeEnd && g->now == now && g->size == size
        && g->revision == revision && g->fontKey == fontKey && g->header == params.showHeader
        && g->legend == params.showLegend) {
        m_stats.cached = true;
        return *g;
    }
    m_geometry = std::make_unique<timeline::Geometry>();
    g = m_geometry.get();
    g->start = params.rangeStart;
    g->end = params.rangeEnd;
    g->now = now;
    g->size = size;
    g->revision = revision;
    g->fontKey = fontKey;
    g->header = params.showHeader;
    g->legend = params.showLegend;
    g->layout = layout(size, params);
    buildGeometry(*g, params);
    m_stats = Stats();
    for (const auto &v : g->bars)
        m_stats.rects += int(v.size());
    m_stats.rects += int(g->queueWait.size() + g->queueCancelled.size() + g->depth.size() + g->blocked.size());
    m_stats.markers = int(g->markers.size() + g->stopLines.size());
    m_stats.lines = int(g->edges.size() + g->steps.size() + g->latency.size() + g->queueTails.size());
    m_stats.labels = int(g->chips.size() + g->markerLabels.size() + g->latencyLabels.size());
    return *g;
}

void TimelineRenderer::paint(QPainter *p, const QSizeF &size, const TimelineViewParams &params)
{
    timeline::paintTimeline(p, ensureGeometry(size, params), *this, size, params);
}

} // namespace poolscope
