// SPDX-License-Identifier: MIT
// Pictures of a run's timeline (PNG, SVG), painted by the window's own painter, without a display.
#pragma once

#include "record/run.h"

#include <QByteArray>
#include <QFont>
#include <QImage>
#include <QString>

namespace poolscope {

// Pictures of a run's timeline, painted by the same TimelineRenderer as the window. They need a
// QGuiApplication (fonts) but no display: QT_QPA_PLATFORM=offscreen works.
struct TimelineExportOptions
{
    int width = 1600; // logical pixels
    int height = 0; // 0: as tall as the lanes need
    qreal scale = 1.0; // PNG only: device pixels per logical pixel (2 for a sharp projector picture)
    qint64 rangeStart = -1; // both < 0: the whole run
    qint64 rangeEnd = -1;
    qint64 cursorNs = -1;
    int selectedTask = -1;
    bool legend = true;
    QFont font; // default: the application font at 14 px
    bool fontSet = false; // set by setFont(); a default-constructed QFont is indistinguishable otherwise
    void setFont(const QFont &f)
    {
        font = f;
        fontSet = true;
    }
};

QImage renderTimelineImage(const Run &session, const TimelineExportOptions &options = {});
QByteArray renderTimelineSvg(const Run &session, const TimelineExportOptions &options = {});

// Written through a temporary file and a rename. On failure, *error is one line naming the file.
bool exportTimelinePng(
    const Run &session, const QString &path, QString *error, const TimelineExportOptions &options = {});
bool exportTimelineSvg(
    const Run &session, const QString &path, QString *error, const TimelineExportOptions &options = {});
// PNG or SVG by the file's suffix (.svg, else PNG).
bool exportTimelinePicture(
    const Run &session, const QString &path, QString *error, const TimelineExportOptions &options = {});

// Adds the PNG and SVG writers to the writer table (the command line and the File menu).
void registerPictureWriters();

} // namespace poolscope
