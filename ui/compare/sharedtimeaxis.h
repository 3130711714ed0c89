// SPDX-License-Identifier: MIT
// Timelines of different runs on one time axis: the same range, the same x for the same time, one cursor.
#pragma once

#include <QList>
#include <QObject>

namespace poolscope {

class RunDocument;
class TimelineView;

// Keeps the timelines it is given in step: each shows the range of the longest run (its trace end is
// every viewport's floor), a zoom or pan in one is the range of all, following the live end is one
// switch, the lane labels take the widest one's width so the plots begin at the same x, and moving the
// time cursor in one run's document moves it in the others. Views and documents stay the runs' own.
class SharedTimeAxis : public QObject
{
    Q_OBJECT
public:
    explicit SharedTimeAxis(QObject *parent = nullptr);

    void add(TimelineView *view, RunDocument *document);

private:
    struct Member
    {
        TimelineView *view;
        RunDocument *document;
    };
    // What one member did, done to the others; not again while doing it (their signals come back here).
    template<typename Apply>
    void toOthers(const Member &from, Apply apply);
    void shareRange(const Member &from);
    void shareFollowing(const Member &from, bool following);
    void shareTraceEnd();
    void shareCursor(const Member &from, qint64 ns);
    void shareGutter();

    QList<Member> m_members;
    bool m_sharing = false; // a change being passed on is not passed back
};

} // namespace poolscope
