// SPDX-License-Identifier: MIT
#pragma once

#include "predict/predictionscore.h"

#include <QAbstractTableModel>
#include <QStringList>

namespace poolscope {

class ModelWords;

// The guesses table: one row per task of the scenario, before it runs. The person fills "Your guess"
// (and "cancel() → True?" on the rows the scenario cancels); once the run has ended the verdicts mark
// each guess right or wrong and the last column says why. The rows are the scenario's, not the run's:
// they exist before any task is submitted.
class PredictionModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        TaskColumn,
        GuessColumn,
        CancelGuessColumn,
        WhyColumn,
        ColumnCount
    };
    enum Role
    {
        ChoicesRole = Qt::UserRole, // QStringList: what the cell's editor offers (empty: not editable)
        MarkRole, // int: -1 not marked yet or not asked, 0 wrong, 1 right
    };

    explicit PredictionModel(QObject *parent = nullptr);

    // A new scenario: its task ids in submission order, the outcomes to choose from, and the ids that
    // are asked about cancel(). Clears every guess and verdict.
    void setTasks(const QStringList &ids, const QList<TaskState> &choices, const QSet<QString> &cancelAsked,
        const ModelWords &words);
    bool setOutcomeGuess(int row, TaskState state);
    bool setCancelGuess(int row, bool returns);
    std::vector<Prediction> predictions() const;
    int firstMissingGuess() const; // the row of the first unanswered question, -1: all answered
    int rowOf(const QString &taskId) const; // -1: none

    void setScore(const PredictionScore &score); // marks every row
    void clearScore();
    bool isScored() const { return m_scored; }
    void setLocked(bool locked) { m_locked = locked; } // while the run runs, the guesses stand
    const PredictionScore &score() const { return m_score; }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

signals:
    void guessesChanged();

private:
    QString outcomeWord(TaskState state) const;
    QString cancelWord(bool value) const;
    QString guessText(int row) const;
    QString cancelText(int row) const;

    std::vector<Prediction> m_rows;
    QList<TaskState> m_choices;
    QString m_true = QStringLiteral("True");
    QString m_false = QStringLiteral("False");
    PredictionScore m_score;
    bool m_scored = false;
    bool m_locked = false;
};

} // namespace poolscope
