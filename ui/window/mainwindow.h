// SPDX-License-Identifier: MIT
// The main window: the views of a run, laid out, and the commands that drive it.
#pragma once

#include "scenario/scenario.h"
#include "window/runcontroller.h"
#include "window/runsettings.h"
#include "window/runviews.h"
#include "window/windowactions.h"

#include <QElapsedTimer>
#include <QMainWindow>
#include <QTimer>
#include <optional>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QSpinBox;
class QSplitter;
class QTableView;
class QToolBar;

namespace poolscope {

class ConsoleView;
class LegendView;
class PoolView;
class QueueTaskForm;
class RunController;
class RunDocument;
class RunFileOpener;
class RunReading;
class RunSettings;
class RunViews;
class Runner;
class StatusCounts;
class StopLamp;
class TaskTableModel;
class TimelinePanel;
class WindowPictures;
class PresenterMode;
class NarrationStepper;
class PredictionPanel;
struct WindowMemory;
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
    // Opens a scenario file, or starts opening a saved run off the GUI thread (runFileOpened or
    // openFailed follow); on bad input openFailed, and a dialog naming the file and field unless
    // pictures were asked for.
    bool openFile(const QString &path);
    // A saved run: no pool, the views show it (alreadyRead: RunDocument::setRun). Cancels an open under way.
    void showRun(Run run, RunReading *alreadyRead = nullptr);

    // A new interactive pool and event with the chosen pool size (Reset).
    void resetPool();
    void queueTasks(); // with the form's settings; starts a pool when there is none to take them
    void cancelSelected();
    void cancelAll();
    void stopEvent();
    void clearEvent();
    void shutdownPool(); // with the wait / cancel_futures options
    void finishPool(); // leave the `with` block

    void setPoolSize(int workers) { m_settings->setPoolSize(workers); }
    int poolSize() const { return m_settings->poolSize(); }
    void setTimeScale(double scale) { m_settings->setTimeScale(scale); }
    double timeScale() const { return m_settings->timeScale(); }
    void setShutdownOptions(bool wait, bool cancelFutures) { m_actions->setShutdownOptions(wait, cancelFutures); }

    // Saves a picture of the whole window when the live run ends (screenshotSaved or screenshotFailed),
    // and at chosen moments of it (the run's clock stops there for the picture). allScreenshotsSaved()
    // follows the last.
    // Presenter mode (View › Presenter, F11): full screen unless `fullScreen` is false (pictures at a fixed size).
    void setPresenter(bool on, bool fullScreen = true);
    bool isPresenter() const;
    WindowMemory memory() const; // what to remember of this window
    // How to name the scenario shown to load it again: a built-in's name, else its file; empty: none.
    QString scenarioReference() const;
    void recall(const WindowMemory &memory); // before show(): place, layout, text size, presenter

    // Predict, then run (View › Predict the outcome): Run waits until every task has a guess.
    void setPredicting(bool on);
    bool isPredicting() const;
    PredictionPanel *predictionPanel() const { return m_predict; }

    void noteWarnings(const QString &file, const QStringList &warnings); // a scenario's unknown keys and such

    void setScreenshotPath(const QString &path);
    void addScreenshotAt(qint64 runNs, const QString &path);

    // For tests and the benchmark.
    RunDocument *runDocument() const { return m_document; }
    RunController *controller() const { return m_controller; }
    TaskTableModel *taskModel() const { return m_tasks; }
    QTableView *taskView() const { return m_views->table(); }
    Runner *runner() const { return m_controller->runner(); }
    QueueTaskForm *queueForm() const { return m_form; }
    ConsoleView *console() const { return m_views->console(); }
    void showSidePane(RunViews::SidePane pane) { m_views->showSidePane(pane); }
    RunViews::SidePane sidePane() const { return m_views->sidePane(); }
    StatusCounts *statusCounts() const { return m_counts; }
    StopLamp *stopLamp() const { return m_views->lamp(); }
    PoolView *poolView() const { return m_views->pool(); }
    TimelinePanel *timeline() const { return m_views->timeline(); }
    NarrationStepper *narration() const { return m_stepper; }
    QString bannerText() const;
    bool acceptsCommands() const { return m_controller->acceptsCommands(); } // can the pool take calls now
    QAction *action(ActionId id) const { return (*m_actions)[id]; }

signals:
    void screenshotSaved(const QString &path);
    void screenshotFailed(const QString &path);
    void allScreenshotsSaved();
    void runFileOpened(const QString &path);
    void openCancelled(const QString &path); // Cancel, or another run shown while it opened
    void openFailed(const QString &path, const QString &error);

protected:
    void closeEvent(QCloseEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void connectActions();
    void onRunFileOpened(const QString &path);
    void onRunFileFailed(const QString &path, const QString &error);
    void reportOpenFailure(const QString &title, const QString &path, const QString &error);
    void buildMenus();
    void buildToolBars();
    void buildViews();
    void onRunStarted();
    void onStateChanged();
    void onEventsAppended(int first, int count);
    void onLiveFinished();
    void onScenarioPicked(const QString &name);
    void updateActions();
    void updateBanner();
    void updateHeader();
    QString whereText() const;
    QString whereInRun() const;
    void fitToolBars();
    void note(const QString &text);
    void commandQueued(bool queued, const QString &call);
    void openDialog();
    void saveRun();
    void savePythonProgram(); // File › Export › Python program
    std::optional<Run> runToWrite() const;
    void pollClosing();
    void predictionsFor(const std::optional<Scenario> &scenario); // the guesses asked for the shown scenario

    double m_initialTimeScale;
    RunDocument *m_document = nullptr;
    RunController *m_controller = nullptr;
    WindowActions *m_actions = nullptr;
    TaskTableModel *m_tasks = nullptr;
    RunViews *m_views = nullptr;
    StatusCounts *m_counts = nullptr;
    QList<QToolBar *> m_toolBars;
    RunSettings *m_settings = nullptr;
    QueueTaskForm *m_form = nullptr;

    std::optional<Scenario> m_scenario;
    bool m_commandsEnabled = false;
    bool m_showPicked = false;
    WindowPictures *m_pictures = nullptr;
    RunFileOpener *m_opener = nullptr;
    QElapsedTimer m_shownFor; // since the window was first shown
    PresenterMode *m_presenter = nullptr;
    NarrationStepper *m_stepper = nullptr;
    PredictionPanel *m_predict = nullptr;
    QTimer m_closeTimer;
    QString m_closingNote;
};

} // namespace poolscope
