// SPDX-License-Identifier: MIT
#include "table/tasktablemodel.h"

#include "models/modelwords.h"

#include "window/rundocument.h"
#include "render/statepalette.h"

#include <QThread>

namespace poolscope {

namespace {

// Which columns and roles a changed field touches.
struct Touch
{
    int firstColumn = TaskTableModel::ColumnCount;
    int lastColumn = -1;
    QList<int> roles;

    void add(int first, int last, std::initializer_list<int> newRoles)
    {
        firstColumn = std::min(firstColumn, first);
        lastColumn = std::max(lastColumn, last);
        for (int r : newRoles)
            if (!roles.contains(r))
                roles.append(r);
    }
    bool isEmpty() const { return lastColumn < 0; }
};

TaskTableModel::StopCheck stopCheckOf(const TaskSpec &spec)
{
    if (spec.wait == WaitMode::Event)
        return TaskTableModel::WaitsOnEvent;
    return spec.checksStop ? TaskTableModel::ChecksAfterEachStep : TaskTableModel::NeverChecks;
}

QString stopCheckText(TaskTableModel::StopCheck check)
{
    switch (check) {
    case TaskTableModel::NeverChecks:
        return QStringLiteral("never");
    case TaskTableModel::ChecksAfterEachStep:
        return QStringLiteral("each step");
    case TaskTableModel::WaitsOnEvent:
        return QStringLiteral("waits on event");
    }
    return {};
}

} // namespace

TaskTableModel::TaskTableModel(RunDocument *run, QObject *parent)
    : QAbstractTableModel(parent)
    , m_run(run)
{
    connect(run, &RunDocument::runReset, this, &TaskTableModel::onReset);
    connect(run, &RunDocument::tasksAdded, this, &TaskTableModel::onTasksAdded);
    connect(run, &RunDocument::stateChanged, this, &TaskTableModel::onStateChanged);
    connect(run, &RunDocument::nowAdvanced, this, &TaskTableModel::onNowAdvanced);
    onReset();
}

int TaskTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int TaskTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString TaskTableModel::ignoredStopText(int stepsAfter, bool checks)
{
    return QStringLiteral("ignored stop: +%1 %2%3")
            .arg(stepsAfter)
            .arg(checks ? QLatin1String("check") : QLatin1String("step"), stepsAfter == 1 ? "" : "s");
}

QString TaskTableModel::formatSeconds(qint64 ns)
{
    if (ns < 0)
        return {};
    return QStringLiteral("%1 s").arg(double(ns) / 1e9, 0, 'f', 2);
}

TaskTableModel::RowView TaskTableModel::viewOf(int row) const
{
    const RunState &state = m_run->state();
    RowView v;
    if (size_t(row) >= state.tasks().size())
        return v;
    const TaskStatus &t = state.task(quint32(row));
    v.startNs = t.startNs;
    v.endNs = t.endNs;
    v.stepsDone = t.stepsDone;
    v.worker = t.startNs >= 0 ? t.worker : qint16(-1);
    v.state = quint8(t.state);
    v.cancelCount = quint8(std::min<size_t>(t.cancelResults.size(), 255));
    v.refused = t.cancelRefused();
    v.stopRequested = t.state == TaskState::Running && state.stopSet();
    v.ignoredStop = t.ignoredStop;
    v.byShutdown = t.cancelledByShutdown;
    v.submitted = t.submitted;
    v.noteFlags = quint8(t.futureCancelled) | quint8(t.ranOnCaller()) << 1 | quint8(t.interruptSent) << 2
            | quint8(t.interruptSeen) << 3 | quint8(t.interruptSwallowed) << 4 | quint8(t.drained) << 5;
    return v;
}

QString TaskTableModel::notesText(int row) const
{
    const RunState &state = m_run->state();
    if (size_t(row) >= state.tasks().size() || size_t(row) >= m_run->run().tasks.size())
        return {};
    // The first (most telling) note only: two would crowd out the lesson's columns at 1280 pixels; the
    // tooltip lists them all.
    const std::vector<ModelWords::TaskNote> notes =
            m_run->words().taskNotes(m_run->run().specOf(quint32(row)), state.task(quint32(row)));
    return notes.empty() ? QString() : notes.front().text;
}

QString TaskTableModel::longestCheckWords() const
{
    const Run &run = m_run->run();
    if (run.recorded())
        return QStringLiteral("last saw clear");
    QString longest = stopCheckText(NeverChecks);
    for (const TaskSpec &spec : run.specs) {
        const QString words = stopCheckText(stopCheckOf(spec));
        if (words.size() > longest.size())
            longest = words;
    }
    return longest;
}

void TaskTableModel::onReset()
{
    beginResetModel();
    const size_t n = m_run->run().tasks.size();
    m_rows.clear();
    m_rows.shrink_to_fit();
    m_mostCancels = 0;
    m_anyByShutdown = false;
    m_anyRefused = false;
    m_anyIgnoredStop = false;
    m_longestNotes.clear();
    m_anyStopRequested = false;
    m_rows.reserve(n);
    for (size_t i = 0; i < n; ++i) {
        m_rows.push_back(viewOf(int(i)));
        noteMarks(int(i), m_rows.back());
    }
    endResetModel();
}

void TaskTableModel::onTasksAdded(int first, int count)
{
    Q_ASSERT(thread() == QThread::currentThread());
    if (count <= 0 || first != int(m_rows.size()))
        return onReset(); // not an append: should not happen, but never show stale rows
    beginInsertRows(QModelIndex(), first, first + count - 1);
    for (int i = first; i < first + count; ++i) {
        m_rows.push_back(viewOf(i));
        noteMarks(i, m_rows.back());
    }
    endInsertRows();
}

void TaskTableModel::onStateChanged()
{
    Q_ASSERT(thread() == QThread::currentThread());
    // A diff over every row is O(rows) of small compares (10,000 rows: a few tens of microseconds), and
    // lets us signal exactly the rows that changed however the state was reached (live or by the cursor).
    int runStart = -1;
    Touch runTouch;
    auto flush = [&](int endRow) {
        if (runStart < 0)
            return;
        emit dataChanged(index(runStart, runTouch.firstColumn), index(endRow, runTouch.lastColumn), runTouch.roles);
        runStart = -1;
        runTouch = Touch {};
    };
    const int rows = int(m_rows.size());
    for (int row = 0; row < rows; ++row) {
        const RowView now = viewOf(row);
        RowView &was = m_rows[size_t(row)];
        Touch touch;
        if (now.state != was.state || now.refused != was.refused || now.stopRequested != was.stopRequested
            || now.ignoredStop != was.ignoredStop || now.submitted != was.submitted || now.noteFlags != was.noteFlags)
            touch.add(IdColumn, ColumnCount - 1,
                { Qt::DisplayRole, Qt::DecorationRole, Qt::ToolTipRole, StateRole, CancelRefusedRole, StopRequestedRole,
                    IgnoredStopRole, SubmittedRole, NotesRole });
        if (now.stepsDone != was.stepsDone)
            touch.add(ProgressColumn, ProgressColumn, { Qt::DisplayRole, Qt::ToolTipRole, StepsDoneRole });
        noteMarks(row, now, now.noteFlags != was.noteFlags || now.state != was.state);
        if (now.cancelCount != was.cancelCount || now.byShutdown != was.byShutdown)
            touch.add(
                StateColumn, CancelColumn, { Qt::DisplayRole, Qt::ToolTipRole, CancelResultsRole, CancelRefusedRole });
        if (now.worker != was.worker || now.startNs != was.startNs)
            touch.add(WorkerColumn, StartColumn, { Qt::DisplayRole, WorkerRole, StartTimeRole });
        if (now.endNs != was.endNs)
            touch.add(EndColumn, EndColumn, { Qt::DisplayRole, EndTimeRole });
        was = now;
        if (touch.isEmpty()) {
            flush(row - 1);
            continue;
        }
        if (runStart < 0)
            runStart = row;
        runTouch.add(touch.firstColumn, touch.lastColumn, {});
        for (int r : touch.roles)
            if (!runTouch.roles.contains(r))
                runTouch.roles.append(r);
    }
    flush(rows - 1);
}

void TaskTableModel::noteMarks(int rowIndex, const RowView &row, bool notesMayChange)
{
    // The notes are words built per row: only when what they read changed (a Python run never has any).
    if (notesMayChange && (row.noteFlags || row.state >= quint8(TaskState::Rejected))) {
        const QString notes = notesText(rowIndex);
        if (notes.size() > m_longestNotes.size())
            m_longestNotes = notes;
    }
    m_mostCancels = std::max(m_mostCancels, int(row.cancelCount));
    m_anyByShutdown = m_anyByShutdown || row.byShutdown;
    m_anyRefused = m_anyRefused || row.refused;
    m_anyIgnoredStop = m_anyIgnoredStop || row.ignoredStop;
    m_anyStopRequested = m_anyStopRequested || row.stopRequested;
}

void TaskTableModel::onNowAdvanced()
{
    // Running rows are few (at most the workers): one signal per run of adjacent ones, the progress cell only.
    const int rows = int(m_rows.size());
    for (int row = 0; row < rows; ++row) {
        if (m_rows[size_t(row)].state != quint8(TaskState::Running))
            continue;
        int last = row;
        while (last + 1 < rows && m_rows[size_t(last + 1)].state == quint8(TaskState::Running))
            ++last;
        emit dataChanged(index(row, ProgressColumn), index(last, ProgressColumn), { StepFractionRole });
        row = last;
    }
}

QVariant TaskTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    const Run &run = m_run->run();
    const RunState &state = m_run->state();
    if (size_t(row) >= run.tasks.size() || size_t(row) >= state.tasks().size())
        return {};
    const TaskSpec &spec = run.specOf(quint32(row));
    const TaskStatus &t = state.task(quint32(row));
    const bool stopRequested = t.state == TaskState::Running && state.stopSet();

    switch (role) {
    case StateRole:
        return int(t.state);
    case StepsDoneRole:
        return t.stepsDone;
    case StepsTotalRole:
        return spec.steps;
    case StartTimeRole:
        return t.startNs;
    case EndTimeRole:
        return t.endNs;
    case CancelResultsRole: {
        QVariantList list;
        for (bool b : t.cancelResults)
            list.append(b);
        return list;
    }
    case CancelWordsRole: {
        QStringList list;
        for (bool b : t.cancelResults)
            list << m_run->words().boolean(b);
        return list;
    }
    case CancelRefusedRole:
        return t.cancelRefused();
    case StopRequestedRole:
        return stopRequested;
    case StopCheckRole:
        return int(stopCheckOf(spec));
    case WorkerRole:
        return t.startNs >= 0 ? int(t.worker) : -1;
    case TaskIdRole:
        return run.taskId(quint32(row));
    case FailAtStepRole:
        return spec.failAtStep;
    case CancelledByShutdownRole:
        return t.cancelledByShutdown;
    case SubmittedRole:
        return t.submitted;
    case IgnoredStopRole:
        return t.ignoredStop ? t.stepsAfterStop() : -1;
    case IgnoredStopTextRole:
        return t.ignoredStop ? ignoredStopText(t.stepsAfterStop(), run.recorded()) : QString();
    case NotesRole:
        return notesText(row);
    case StepFractionRole: {
        const double stepNs = double(spec.stepMs) * run.info.timeScale * 1e6;
        if (t.state != TaskState::Running || t.held || t.stepBeganNs < 0 || stepNs <= 0)
            return 0.0;
        return std::clamp(double(m_run->nowNs() - t.stepBeganNs) / stepNs, 0.0, 0.999);
    }
    default:
        break;
    }

    const int column = index.column();
    if (role == Qt::DisplayRole) {
        switch (column) {
        case IdColumn:
            return run.taskId(quint32(row));
        case StateColumn: {
            if (!t.submitted)
                return QStringLiteral("not submitted yet");
            QString text = palette::stateText(t.state);
            if (t.cancelRefused())
                text += QStringLiteral(" · ") + palette::markText(palette::Mark::CancelRefused);
            if (stopRequested)
                text += QStringLiteral(" · ") + palette::markText(palette::Mark::StopRequested);
            if (t.ignoredStop)
                text += QStringLiteral(" · ") + ignoredStopText(t.stepsAfterStop(), run.recorded());
            const QString notes = notesText(row);
            if (!notes.isEmpty())
                text += QStringLiteral(" · ") + notes;
            return text;
        }
        case ProgressColumn:
            // A recorded task has no steps to count towards: what it did is the checks it made.
            if (run.recorded())
                return QStringLiteral("%1 check%2").arg(t.stepsDone).arg(t.stepsDone == 1 ? "" : "s");
            return QStringLiteral("%1 / %2").arg(t.stepsDone).arg(spec.steps);
        case CancelColumn: {
            QStringList parts;
            for (bool b : t.cancelResults)
                parts << m_run->words().boolean(b);
            if (t.cancelledByShutdown)
                parts << QStringLiteral("by shutdown");
            return parts.join(QStringLiteral(", "));
        }
        case StopCheckColumn:
            if (run.recorded()) // what its checks answered, not how a scenario's body would check
                return t.stepsDone == 0 ? QStringLiteral("never") : t.lastCheckSet ? QStringLiteral("last saw set")
                                                                                  : QStringLiteral("last saw clear");
            return stopCheckText(stopCheckOf(spec));
        case WorkerColumn:
            if (t.startNs < 0 || t.worker < 0)
                return QString();
            // A recording's workers by their threads' names ("io_0"), as its console names them.
            return run.recorded() ? run.laneName(t.worker) : QStringLiteral("worker-%1").arg(t.worker + 1);
        case StartColumn:
            return formatSeconds(t.startNs);
        case EndColumn:
            return formatSeconds(t.endNs);
        default:
            return {};
        }
    }
    if (role == Qt::DecorationRole && column == StateColumn)
        return palette::stateIcon(t.state);
    if (role == Qt::TextAlignmentRole) {
        if (column == StartColumn || column == EndColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return int(Qt::AlignLeft | Qt::AlignVCenter);
    }
    if (role == Qt::ToolTipRole) {
        QStringList lines;
        lines << QStringLiteral("<b>%1</b>: %2 — %3")
                     .arg(run.taskId(quint32(row)).toHtmlEscaped(), palette::stateText(t.state),
                          palette::stateExplanation(t.state, m_run->words()));
        lines << QStringLiteral("%1 steps of %2 ms; checks the stop event: %3")
                     .arg(spec.steps)
                     .arg(spec.stepMs)
                     .arg(stopCheckText(stopCheckOf(spec)));
        if (spec.failAtStep >= 0)
            lines << QStringLiteral("raises an error before step %1").arg(spec.failAtStep + 1);
        if (!t.cancelResults.empty()) {
            QStringList parts;
            for (bool b : t.cancelResults)
                parts << m_run->words().boolean(b);
            lines << QStringLiteral("%1 returned %2")
                             .arg(m_run->words().call(ModelWords::Call::CancelShort), parts.join(QStringLiteral(", ")));
        }
        if (t.cancelRefused())
            lines << palette::markExplanation(palette::Mark::CancelRefused, m_run->words());
        if (stopRequested)
            lines << palette::markExplanation(palette::Mark::StopRequested, m_run->words());
        if (t.ignoredStop)
            lines << QStringLiteral("%1: %2 after %3")
                             .arg(ignoredStopText(t.stepsAfterStop(), m_run->run().recorded()),
                                  palette::markExplanation(palette::Mark::IgnoredStop, m_run->words()),
                                  m_run->words().call(ModelWords::Call::StopSet));
        if (t.cancelledByShutdown)
            lines << QStringLiteral("cancelled by %1").arg(m_run->words().shutdownCall(ShutdownCancelFuturesFlag));
        for (const ModelWords::TaskNote &n : m_run->words().taskNotes(spec, t))
            lines << QStringLiteral("<i>%1</i>: %2").arg(n.text.toHtmlEscaped(), n.explanation.toHtmlEscaped());
        return lines.join(QStringLiteral("<br>"));
    }
    return {};
}

QVariant TaskTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole) {
        switch (section) {
        case IdColumn:
            return QStringLiteral("Task");
        case StateColumn:
            return QStringLiteral("State");
        case ProgressColumn:
            return QStringLiteral("Steps");
        case CancelColumn:
            return m_run->words().call(ModelWords::Call::CancelShort);
        case StopCheckColumn:
            return QStringLiteral("Checks");
        case WorkerColumn:
            return QStringLiteral("Worker");
        case StartColumn:
            return QStringLiteral("Start");
        case EndColumn:
            return QStringLiteral("End");
        default:
            break;
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case CancelColumn:
            return QStringLiteral("The value of every %1 made on the task, in order")
                    .arg(m_run->words().call(ModelWords::Call::Cancel));
        case StopCheckColumn:
            return QStringLiteral("How the task looks at the stop event: never, %1 after each step, "
                                  "or waiting on it instead of sleeping")
                    .arg(m_run->words().call(ModelWords::Call::StopIsSet));
        case StartColumn:
        case EndColumn:
            return QStringLiteral("Seconds from the start of the run");
        default:
            break;
        }
    }
    return {};
}

QHash<int, QByteArray> TaskTableModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(StateRole, "state");
    names.insert(StepsDoneRole, "stepsDone");
    names.insert(StepsTotalRole, "stepsTotal");
    names.insert(StartTimeRole, "startTime");
    names.insert(EndTimeRole, "endTime");
    names.insert(CancelResultsRole, "cancelResults");
    names.insert(CancelRefusedRole, "cancelRefused");
    names.insert(StopRequestedRole, "stopRequested");
    names.insert(StopCheckRole, "stopCheck");
    names.insert(WorkerRole, "worker");
    names.insert(TaskIdRole, "taskId");
    names.insert(FailAtStepRole, "failAtStep");
    names.insert(CancelledByShutdownRole, "cancelledByShutdown");
    names.insert(SubmittedRole, "submitted");
    names.insert(IgnoredStopRole, "ignoredStop");
    names.insert(IgnoredStopTextRole, "ignoredStopText");
    names.insert(StepFractionRole, "stepFraction");
    names.insert(NotesRole, "notes");
    return names;
}

} // namespace poolscope
