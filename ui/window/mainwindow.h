// SPDX-License-Identifier: MIT
// The main window: the views of a run, laid out, and the commands that drive it.
#pragma once

#include "scenario/scenario.h"
#include "window/windowactions.h"

#include <QMainWindow>
#include <QTimer>
#include <optional>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QSpinBox;
class QSplitter;
class QTableView;

namespace poolscope {

class ConsoleView;
class LegendView;
class PoolView;
class QueueTaskForm;
class RunController;
class RunDocument;
class Runner;
class StatusCounts;
class StopLamp;
class TaskTableModel;
class TimelinePanel;
struct Run;

// A pool you drive with the toolbar (or a scenario that drives it), and every view of it. The
// RunController owns the live run; every view reads the RunDocument, which pulls the recorder at display
// rate. This class lays the views out and keeps the header, the banner and the actions current.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    using enum ActionId;

    explicit MainWindow(double timeScale = 1.0, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Scenarios: shows its title and description, sets the pool size from it; runScenario() starts it.
    void setScenario(const Scenario &scenario);
    bool runScenario(); // the current scenario, from the start, on a new pool
    // Opens a scenario file or a saved run; on bad input shows a dialog naming the file and field.
    bool openFile(const QString &path);
    void showRun(Run run); // a saved run: no pool, the views show it

    // A new interactive pool and event with the chosen pool size (Reset).
    void resetPool();
    void queueTasks(); // with the form's settings; starts a pool when there is none to take them
    void cancelSelected();
    void cancelAll();
    void stopEvent();
    void clearEvent();
    void shutdownPool(); // with the wait / cancel_futures options
    void finishPool(); // leave the `with` block

    void setPoolSize(int workers);
    int poolSize() const;
    void setTimeScale(double scale);
    double timeScale() const;
    void setShutdownOptions(bool wait, bool cancelFutures);

    // Saves a picture of the whole window when the live run ends (screenshotSaved or screenshotFailed).
    void setScreenshotPath(const QString &path);

    // For tests and the benchmark.
    RunDocument *runDocument() const { return m_document; }
    RunController *controller() const { return m_controller; }
    TaskTableModel *taskModel() const { return m_tasks; }
    QTableView *taskView() const { return m_table; }
    Runner *runner() const;
    QueueTaskForm *queueForm() const { return m_form; }
    ConsoleView *console() const { return m_console; }
    StatusCounts *statusCounts() const { return m_counts; }
    StopLamp *stopLamp() const { return m_lamp; }
    PoolView *poolView() const { return m_pool; }
    TimelinePanel *timeline() const { return m_timeline; }
    QString bannerText() const;
    bool acceptsCommands() const; // can the pool take cancel/stop/... now
    QAction *action(ActionId id) const { return (*m_actions)[id]; }

signals:
    void screenshotSaved(const QString &path);
    void screenshotFailed(const QString &path);

protected:
    void closeEvent(QCloseEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void connectActions();
    void buildMenus();
    void buildToolBars();
    void buildViews();
    void onRunStarted();
    void onStateChanged();
    void onEventsAppended(int first, int count);
    void onLiveFinished();
    void onScenarioPicked(int index);
    void updateActions();
    void updateBanner();
    void updateHeader();
    void note(const QString &text);
    void commandQueued(bool queued, const QString &call);
    void openDialog();
    void saveRun();
    std::optional<Run> runToWrite() const;
    void takeScreenshot();
    void changeTextSize(int delta);
    void applyColumnWidths();
    void pollClosing();

    double m_initialTimeScale;
    RunDocument *m_document = nullptr;
    RunController *m_controller = nullptr;
    WindowActions *m_actions = nullptr;
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

    std::optional<Scenario> m_scenario;
    bool m_commandsEnabled = false;
    bool m_showPicked = false;
    QString m_screenshotPath;
    bool m_screenshotTaken = false;
    QTimer m_closeTimer;
    QString m_closingNote;
};

} // namespace poolscope
