// SPDX-License-Identifier: MIT
#pragma once

#include "scenario.h"

#include <QMainWindow>
#include <QPointer>
#include <QTimer>
#include <atomic>
#include <memory>
#include <optional>

class QAction;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QSpinBox;
class QSplitter;
class QTableView;

namespace poolscope {

class ConsoleView;
class LegendView;
class PoolSession;
class PoolView;
class QueueTaskForm;
class RunModel;
class StatusCounts;
class StopLamp;
class TaskTableModel;
class TimelinePanel;
struct Session;

// The window: a pool you drive with the toolbar (or a scenario that drives it), and every view of it.
// Owns the live PoolSession; every view reads the RunModel, which pulls the recorder at display rate.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(double timeScale = 1.0, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Scenarios: shows its title and description, sets the pool size from it; run() starts it.
    void setScenario(const Scenario &scenario);
    bool runScenario(); // the current scenario, from the start, on a new pool
    // Opens a scenario file or a saved run; on bad input shows a dialog naming the file and field.
    bool openFile(const QString &path);
    void showSession(Session session); // a saved run: no pool, the views show it

    // A new interactive pool and event with the chosen pool size (Reset).
    void resetPool();
    void queueTasks(); // with the form's settings; starts a pool when there is none to take them
    void cancelSelected();
    void cancelAll();
    void stopEvent();
    void clearEvent();
    void shutdownPool(); // with the wait / cancel_futures options below
    void finishPool(); // leave the `with` block

    void setPoolSize(int workers);
    int poolSize() const;
    void setTimeScale(double scale);
    double timeScale() const;
    void setShutdownOptions(bool wait, bool cancelFutures);

    // Saves a picture of the whole window when the live run ends (screenshotSaved or screenshotFailed).
    void setScreenshotPath(const QString &path);

    // For tests and the benchmark.
    RunModel *runModel() const { return m_run; }
    TaskTableModel *taskModel() const { return m_tasks; }
    QTableView *taskView() const { return m_table; }
    PoolSession *poolSession() const { return m_session.get(); }
    QueueTaskForm *queueForm() const { return m_form; }
    ConsoleView *console() const { return m_console; }
    StatusCounts *statusCounts() const { return m_counts; }
    StopLamp *stopLamp() const { return m_lamp; }
    PoolView *poolView() const { return m_pool; }
    QString bannerText() const;
    bool acceptsCommands() const; // can the pool take cancel/stop/... now (see updateActions)

    enum ActionId
    {
        RunAction,
        OpenAction,
        SaveAction,
        ResetAction,
        QueueAction,
        CancelAction,
        CancelAllAction,
        StopAction,
        ClearAction,
        ShutdownAction,
        ShutdownWaitOption,
        ShutdownCancelFuturesOption,
        FinishAction,
        LiveAction,
        LargerTextAction,
        SmallerTextAction,
        QuitAction,
        ActionCount
    };
    QAction *action(ActionId id) const { return m_actions[id]; }

signals:
    void screenshotSaved(const QString &path);
    void screenshotFailed(const QString &path);

protected:
    void closeEvent(QCloseEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void buildActions();
    void buildUi();
    void startSession(std::unique_ptr<PoolSession> session, bool scenarioMode);
    void retireSession();
    void kick(); // a command ran on the caller thread: pull now
    void onStateChanged();
    void onEventsAppended(int first, int count);
    void onLiveFinished();
    void onScenarioPicked(int index);
    void updateActions();
    void updateBanner();
    void updateHeader();
    void checkErrors();
    void note(const QString &text);
    void commandQueued(const QString &call);
    void saveRun();
    enum class ExportKind { Trace, Csv, Png, Svg };
    void exportRun(ExportKind kind);
    void openDialog();
    void takeScreenshot();
    void changeTextSize(int delta);
    void applyColumnWidths();
    void pollClosing();

    double m_initialTimeScale;
    RunModel *m_run = nullptr;
    TaskTableModel *m_tasks = nullptr;
    QTableView *m_table = nullptr;
    QSplitter *m_split = nullptr;
    QSplitter *m_leftSplit = nullptr;
    bool m_splitsPlaced = false;
    TimelinePanel *m_timeline = nullptr;
    PoolView *m_pool = nullptr;
    StopLamp *m_lamp = nullptr;
    ConsoleView *m_console = nullptr;
    LegendView *m_legend = nullptr;
    StatusCounts *m_counts = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_description = nullptr;
    QLabel *m_banner = nullptr;
    QLabel *m_runLabel = nullptr;
    QComboBox *m_scenarioBox = nullptr;
    QSpinBox *m_poolSize = nullptr;
    QDoubleSpinBox *m_timeScale = nullptr;
    QueueTaskForm *m_form = nullptr;
    QAction *m_actions[ActionCount] = {};

    std::unique_ptr<PoolSession> m_session;
    std::shared_ptr<std::atomic<bool>> m_kickPending;
    std::optional<Scenario> m_scenario;
    bool m_scenarioMode = false; // the pool runs a scenario's fixed program (it takes no commands)
    bool m_finishQueued = false;
    bool m_commandsEnabled = false;
    bool m_showPicked = false;
    int m_nextTask = 1;
    qsizetype m_errorsShown = 0;
    QString m_screenshotPath;
    bool m_screenshotTaken = false;
    bool m_closing = false;
    QTimer m_closeTimer;
    QString m_closingNote;
    // Every blocking call's start (time, kind), so the waiting note never scans the events.
    std::vector<std::pair<qint64, int>> m_blockingCalls;
    size_t m_blockingScanned = 0;
};

} // namespace poolscope
