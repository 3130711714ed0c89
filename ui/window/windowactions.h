// SPDX-License-Identifier: MIT
// Every command of the window as a QAction: its text, shortcut, icon and the call it makes, in the
// run's model's words.
#pragma once

#include <QObject>
#include <array>

class QAction;
class QWidget;

namespace poolscope {

class ModelWords;

enum ActionId {
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
    PauseAction,
    StepAction,
    LiveAction,
    LargerTextAction,
    SmallerTextAction,
    PresenterAction,
    ConsolePaneAction, // the right column's tabs
    LegendPaneAction,
    PythonPaneAction,
    NextStepAction, // a narrated lesson's Next
    BackStepAction,
    QuitAction,
    PredictAction, // View › Predict the outcome: guesses before the run, marked after it
    ActionCount
};

// Owns the actions (added to the window, so their shortcuts work wherever the focus is) and their words;
// what they do is connected by the window.
class WindowActions : public QObject
{
    Q_OBJECT
public:
    explicit WindowActions(QWidget *window);

    QAction *operator[](ActionId id) const { return m_actions[size_t(id)]; }
    // The tooltips name the model's calls: "future.cancel()" for Python.
    void setWords(const ModelWords &words);
    void setShutdownOptions(bool wait, bool cancelFutures);
    bool shutdownWaits() const;
    bool shutdownCancelsFutures() const;

private:
    QAction *make(ActionId id, const QString &text, const QList<QKeySequence> &keys);
    void describe(ActionId id, const QString &call, const QString &what);

    QWidget *m_window;
    const ModelWords *m_words = nullptr;
    std::array<QAction *, ActionCount> m_actions {};
};

} // namespace poolscope
