// SPDX-License-Identifier: MIT
#pragma once

#include <QFrame>

class QTableView;

namespace poolscope {

class ModelWords;
class PredictionModel;
class RunState;
struct Run;
struct Scenario;

// Predict, then run: the guesses table above the run's views. It asks (promptText(), which the window
// shows on its banner line, where Run's place in the lesson is said), the window runs, and the ended run
// is handed back here to be marked.
class PredictionPanel : public QFrame
{
    Q_OBJECT
public:
    explicit PredictionPanel(QWidget *parent = nullptr);

    // A lesson's worth of questions at most: a hall answers a show of hands per task, not per 200 tasks.
    static constexpr int MostTasksAsked = 12;

    void setScenario(const Scenario *scenario); // nullptr: nothing to predict (an interactive pool)
    bool hasTasks() const;
    // Why a scenario gets no questions ("many-tasks has 212 tasks..."); empty when it gets them or has none.
    QString notAskedText() const { return m_notAsked; }
    // Still asking: no run marked since the scenario was set (the window keeps the description, which
    // tells the story, for after the marks).
    bool isAsking() const { return hasTasks() && !m_markedSinceSet; }
    // Guesses from the command line: "t1=completed,t1.cancel=false,t2=cancelled". Returns an error
    // naming the entry, or an empty string.
    QString applyGuesses(const QString &text);
    // Run and check: true when every question has an answer; else the first unanswered cell gets the
    // focus and the prompt says which.
    bool readyToRun();
    void runStarted(); // the guesses stand until the run ends
    void runEnded(const Run &run, const RunState &finalState, const ModelWords &words);

    PredictionModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    QString promptText() const; // what to do now, or the score

signals:
    void promptChanged();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    bool chooseByLetter(const QString &text); // the current cell's next choice starting with it
    void fitHeight();

    PredictionModel *m_model;
    QTableView *m_table;
    bool m_running = false;
    bool m_markedSinceSet = false;
    QString m_missing; // "t2 has no guess yet", until the next guess
    QString m_notAsked;
};

} // namespace poolscope
