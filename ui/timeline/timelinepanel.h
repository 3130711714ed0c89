// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

namespace poolscope {

class RunDocument;
class TimelineView;
class TimelineViewport;

// The Gantt timeline under the task table: a lane per worker, the pending queue, the caller's actions,
// a time axis and a draggable time cursor. It reads everything from the RunDocument and moves its cursor.
class TimelinePanel : public QWidget
{
    Q_OBJECT
public:
    explicit TimelinePanel(RunDocument *model, QWidget *parent = nullptr);
    ~TimelinePanel() override;

    void selectTask(int taskIndex); // highlight its bar (-1: none)
    int selectedTask() const;

    TimelineView *view() const; // the painted timeline (tests, focus)
    TimelineViewport *viewport() const; // range, zoom stack, following

    // Saves the timeline as shown (range, cursor, selection) as a PNG or SVG picture, chosen by the
    // file's suffix. For the window's Export menu.
    bool exportPicture(const QString &path, QString *error) const;

signals:
    void taskClicked(int taskIndex); // the window selects the row in the table

private:
    void zoomAroundCursor(double factor);
    void syncScrollBar();
    void updateSummary();
    void takeKeysForSavedRun();

    struct Private;
    Private *d;
};

} // namespace poolscope
