// SPDX-License-Identifier: MIT
#pragma once

#include "replay/runstate.h"

#include <QAbstractTableModel>
#include <vector>

namespace poolscope {

class RunDocument;

// One row per task, in submission order, read from the RunDocument's state at its cursor. Live updates are
// incremental: new tasks are inserted in one block, and each refresh emits dataChanged only over the
// contiguous runs of rows that changed, with the columns and roles that changed. A reset happens only
// when the RunDocument switches to another run.
class TaskTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        IdColumn,
        StateColumn,
        ProgressColumn,
        CancelColumn,
        StopCheckColumn,
        WorkerColumn,
        StartColumn,
        EndColumn,
        ColumnCount
    };
    // How a task looks at the stop event.
    enum StopCheck
    {
        NeverChecks,
        ChecksAfterEachStep,
        WaitsOnEvent
    };
    enum Role
    {
        StateRole = Qt::UserRole, // int(TaskState)
        StepsDoneRole, // int
        StepsTotalRole, // int
        StartTimeRole, // qint64 ns from the run's start, -1: not started
        EndTimeRole, // qint64 ns, -1: not ended
        CancelResultsRole, // QVariantList of bool, every cancel() made on it, in order
        CancelRefusedRole, // bool: a cancel() returned False
        StopRequestedRole, // bool: running while the event is set
        StopCheckRole, // int(StopCheck)
        WorkerRole, // int, 0-based, -1: none
        TaskIdRole, // QString
        FailAtStepRole, // int, -1: never fails
        CancelledByShutdownRole, // bool
        SubmittedRole, // bool: false for a row the time cursor shows before its submit
        CancelWordsRole, // QStringList: CancelResultsRole in the model's spelling ("True", "False")
        IgnoredStopRole, // int: steps it ran after the event was set without ever looking; -1: none
        StepFractionRole, // double 0..1: how far into its current step a running task is, now
        NotesRole, // QString: the model's first note on the task (Java: "cancelled, runs on"); empty: none
        IgnoredStopTextRole, // QString: IgnoredStopRole in words ("+3 steps", a recording's "+3 checks"); empty: none
    };
    Q_ENUM(Column)
    Q_ENUM(Role)

    explicit TaskTableModel(RunDocument *run, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // The most cancel() results on one task so far, and whether a shutdown cancelled any: the cancel()
    // column is made this wide, so its chips keep their words.
    int mostCancelResults() const { return m_mostCancels; }
    bool anyCancelledByShutdown() const { return m_anyByShutdown; }
    bool anyCancelRefused() const { return m_anyRefused; }
    bool anyIgnoredStop() const { return m_anyIgnoredStop; }
    QString longestNotes() const { return m_longestNotes; } // the widest NotesRole text so far
    // The longest words the Checks column can show for this run's tasks, submitted or not (a row the
    // time cursor shows before its submit is blank): from the run's task groups, never from its rows.
    QString longestCheckWords() const;
    bool anyStopRequested() const { return m_anyStopRequested; } // a task ran while the event was set

    // "ignored stop: +3 steps"; a recorded task has no steps: "+3 checks" (what it looked at after the set).
    static QString ignoredStopText(int stepsAfter, bool checks = false);
    static QString formatSeconds(qint64 ns); // "2.50 s"; empty for -1

private:
    // What a row showed at the last update: compared with the new state to find what changed.
    // Kept small on purpose (the window's budget is 1 KiB a task, all views included).
    struct RowView
    {
        qint64 startNs = -1;
        qint64 endNs = -1;
        qint32 stepsDone = 0;
        qint16 worker = -1;
        quint8 state = 0;
        quint8 cancelCount = 0;
        bool refused = false;
        bool stopRequested = false;
        bool ignoredStop = false;
        bool byShutdown = false;
        bool submitted = false;
        quint8 noteFlags = 0; // the status fields the model's notes read (see viewOf)
    };
    RowView viewOf(int row) const;
    void onReset();
    void onTasksAdded(int first, int count);
    void onStateChanged();
    void onNowAdvanced(); // progress within a step: only the running rows' progress cells

    RunDocument *m_run;
    std::vector<RowView> m_rows;
    int m_mostCancels = 0;
    bool m_anyByShutdown = false;
    bool m_anyRefused = false;
    bool m_anyIgnoredStop = false;
    QString m_longestNotes;
    QString notesText(int row) const;
    void noteMarks(int row, const RowView &view, bool notesMayChange = true);
    bool m_anyStopRequested = false;
};

} // namespace poolscope
