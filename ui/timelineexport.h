// SPDX-License-Identifier: MIT
#pragma once

#include "session.h"

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

QImage renderTimelineImage(const Session &session, const TimelineExportOptions &options = {});
QByteArray renderTimelineSvg(const Session &session, const TimelineExportOptions &options = {});

// Written through a temporary file and a rename. On failure, *error is one line naming the file.
bool exportTimelinePng(
    const Session &session, const QString &path, QString *error, const TimelineExportOptions &options = {});
bool exportTimelineSvg(
    const Session &session, const QString &path, QString *error, const TimelineExportOptions &options = {});
// PNG or SVG by the file's suffix (.svg, else PNG).
bool exportTimelinePicture(
    const Session &session, const QString &path, QString *error, const TimelineExportOptions &options = {});

} // namespace poolscope
