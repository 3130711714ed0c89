// SPDX-License-Identifier: MIT
#include "render/pictures.h"

#include "io/outputfile.h"
#include "io/runoutput.h"
#include "io/runwriters.h"
#include "render/timelinerenderer.h"
#include "render/timelineviewport.h"
#include "replay/runreading.h"

#include <QBuffer>
#include <QGuiApplication>
#include <QPainter>
#include <QSvgGenerator>
#include <cmath>

namespace poolscope {

namespace {

struct Prepared
{
    RunReading reading;
    TimelineRenderer renderer;
    TimelineViewParams params;
    QSize size;
};

bool haveGui(const QString &path, QString *error)
{
    if (qobject_cast<QGuiApplication *>(QCoreApplication::instance()))
        return true;
    if (error)
        *error = QStringLiteral("%1: cannot draw the timeline without a QGuiApplication (set QT_QPA_PLATFORM=offscreen "
                                "when there is no display)")
                     .arg(path);
    return false;
}

void prepare(Prepared &p, const Run &session, const TimelineExportOptions &o)
{
    p.reading.reset(&session);
    p.renderer.setData(&p.reading.history());
    QFont font = o.fontSet ? o.font : QGuiApplication::font();
    if (!o.fontSet)
        font.setPixelSize(14);
    p.renderer.setFont(font);
    TimelineViewport viewport;
    viewport.reset(session.events.empty() ? 0 : session.events.back().tNs);
    if (o.rangeStart >= 0 && o.rangeEnd > o.rangeStart)
        viewport.setRange(o.rangeStart, o.rangeEnd);
    p.params.rangeStart = viewport.rangeStart();
    p.params.rangeEnd = viewport.rangeEnd();
    p.params.cursorNs = o.cursorNs;
    p.params.selectedTask = o.selectedTask;
    p.params.showLegend = o.legend;
    const int width = std::max(200, o.width);
    const int height = o.height > 0 ? o.height : int(std::ceil(p.renderer.preferredHeight(width, p.params)));
    p.size = QSize(width, height);
}

} // namespace

QImage renderTimelineImage(const Run &session, const TimelineExportOptions &options)
{
    if (!qobject_cast<QGuiApplication *>(QCoreApplication::instance()))
        return {};
    Prepared p;
    prepare(p, session, options);
    const qreal scale = std::clamp<qreal>(options.scale, 0.25, 8);
    QImage image(p.size * scale, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(scale);
    image.fill(Qt::white);
    QPainter painter(&image);
    p.renderer.paint(&painter, p.size, p.params);
    painter.end();
    return image;
}

QByteArray renderTimelineSvg(const Run &session, const TimelineExportOptions &options)
{
    if (!qobject_cast<QGuiApplication *>(QCoreApplication::instance()))
        return {};
    Prepared p;
    prepare(p, session, options);
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QSvgGenerator generator;
    generator.setOutputDevice(&buffer);
    generator.setSize(p.size);
    generator.setViewBox(QRect(QPoint(0, 0), p.size));
    generator.setResolution(96);
    generator.setTitle(QStringLiteral("poolscope timeline: %1").arg(session.info.scenarioName));
    generator.setDescription(QStringLiteral("%1 tasks on %2 workers").arg(session.tasks.size()).arg(session.info.workers));
    QPainter painter(&generator);
    p.renderer.paint(&painter, p.size, p.params);
    painter.end();
    return buffer.data();
}

bool exportTimelinePng(
    const Run &session, const QString &path, QString *error, const TimelineExportOptions &options)
{
    if (!haveGui(path, error))
        return false;
    const QImage image = renderTimelineImage(session, options);
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    if (image.isNull() || !image.save(&buffer, "PNG")) {
        if (error)
            *error = QStringLiteral("%1: cannot encode the PNG picture").arg(path);
        return false;
    }
    return writeFileAtomically(path, buffer.data(), error);
}

bool exportTimelineSvg(
    const Run &session, const QString &path, QString *error, const TimelineExportOptions &options)
{
    if (!haveGui(path, error))
        return false;
    const QByteArray svg = renderTimelineSvg(session, options);
    if (svg.isEmpty()) {
        if (error)
            *error = QStringLiteral("%1: cannot draw the SVG picture").arg(path);
        return false;
    }
    return writeFileAtomically(path, svg, error);
}

bool exportTimelinePicture(
    const Run &session, const QString &path, QString *error, const TimelineExportOptions &options)
{
    if (path.endsWith(QLatin1String(".svg"), Qt::CaseInsensitive))
        return exportTimelineSvg(session, path, error, options);
    return exportTimelinePng(session, path, error, options);
}

void registerPictureWriters()
{
    addRunWriter({ QStringLiteral("export-svg"), {}, QStringLiteral("OUT.svg"),
                   QStringLiteral("Write the timeline as an SVG picture."), QStringLiteral("Timeline as S&VG…"),
                   QStringLiteral("SVG picture (*.svg)"), QStringLiteral("svg"), true, true,
                   [](const RunOutput &run, const QString &path, QString *error) { return exportTimelineSvg(run.run(), path, error); } });
    addRunWriter({ QStringLiteral("export-png"), {}, QStringLiteral("OUT.png"),
                   QStringLiteral("Write the timeline as a PNG picture."), QStringLiteral("Timeline as &PNG…"),
                   QStringLiteral("PNG picture (*.png)"), QStringLiteral("png"), true, true,
                   [](const RunOutput &run, const QString &path, QString *error) { return exportTimelinePng(run.run(), path, error); } });
}

} // namespace poolscope
