// SPDX-License-Identifier: MIT
#include "render/timelinerenderer.h"

#include "models/model.h"
#include "models/modelregistry.h"
#include "models/modelwords.h"
#include "render/timelinegeometry.h"
#include "render/timelinelegend.h"
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
    const QStringList texts = summaryTexts();
    return texts.isEmpty() ? QString() : texts.first();
}

QStringList TimelineRenderer::summaryTexts() const
{
    if (!m_data)
        return {};
    const LatencySummary s = m_data->latencySummary();
    if (s.count == 0)
        return {};
    const QString max = formatTimelineDuration(s.maxNs), median = formatTimelineDuration(s.medianNs);
    const QString task = m_data->taskId(s.maxTask);
    const QString set = timeline::wordsFor(m_data).call(ModelWords::Call::StopSet);
    const QString stopped = QStringLiteral("%1 stopped").arg(s.count);
    return {
        QStringLiteral("stop latency (%1 → task returned): max %2 (%3) · median %4 · %5")
            .arg(set, max, task, median, stopped),
        QStringLiteral("stop latency: max %1 (%2) · median %3 · %4").arg(max, task, median, stopped),
        QStringLiteral("stop latency: max %1 (%2) · median %3").arg(max, task, median),
        QStringLiteral("stop latency: max %1 (%2)").arg(max, task),
        QStringLiteral("max stop latency %1").arg(max),
    };
}

QVector<TimelinePlacedMarker> TimelineRenderer::placedMarkers(const QSizeF &size, const TimelineViewParams &params)
{
    const timeline::Geometry &g = ensureGeometry(size, params);
    QVector<TimelinePlacedMarker> out;
    for (const timeline::MarkerItem &m : g.markers) {
        if (!m.hidden)
            out.append({ m.kind, m.pos, m.size > 0 ? m.size : g.markerSize, m.count, m.task });
    }
    return out;
}

quint32 TimelineRenderer::legendContents() const
{
    const quint64 revision = m_data ? m_data->revision() : 0;
    if (m_legendRevision != revision) {
        m_legendRevision = revision;
        m_legend = timeline::legendContents(m_data);
    }
    return m_legend;
}

const timeline::Geometry &TimelineRenderer::ensureGeometry(const QSizeF &size, const TimelineViewParams &params)
{
    const qint64 now = nowFor(params);
    const quint64 revision = m_data ? m_data->revision() : 0;
    const QString fontKey = m_font.key();
    timeline::Geometry *g = m_geometry.get();
    if (g && g->start == params.rangeStart && g->end == params.rangeEnd && g->now == now && g->size == size
        && g->revision == revision && g->fontKey == fontKey && g->header == params.showHeader
        && g->legend == params.showLegend && g->live == params.live) {
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
    g->live = params.live;
    g->layout = layout(size, params);
    buildGeometry(*g, params);
    m_stats = Stats();
    for (const auto &v : g->bars)
        m_stats.rects += int(v.size());
    m_stats.rects += int(g->queueWait.size() + g->ignored.size() + g->depth.size() + g->blocked.size());
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
