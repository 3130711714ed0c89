// SPDX-License-Identifier: MIT
#include "predict/predictionmodel.h"

#include "models/modelwords.h"
#include "render/statepalette.h"

namespace poolscope {

namespace {
const QString Right = QStringLiteral("✓ ");
const QString Wrong = QStringLiteral("✗ ");
const QString Unanswered = QStringLiteral("? choose");
}

PredictionModel::PredictionModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void PredictionModel::setTasks(
    const QStringList &ids, const QList<TaskState> &choices, const QSet<QString> &cancelAsked, const ModelWords &words)
{
    beginResetModel();
    m_rows.clear();
    for (const QString &id : ids) {
        Prediction p;
        p.taskId = id;
        p.cancelAsked = cancelAsked.contains(id);
        m_rows.push_back(p);
    }
    m_choices = choices;
    m_true = words.boolean(true);
    m_false = words.boolean(false);
    m_score = {};
    m_scored = false;
    endResetModel();
    emit guessesChanged();
}

bool PredictionModel::setOutcomeGuess(int row, TaskState state)
{
    if (row < 0 || size_t(row) >= m_rows.size() || !m_choices.contains(state))
        return false;
    if (m_rows[size_t(row)].outcome == state)
        return true;
    clearScore(); // a changed guess belongs to the next run
    m_rows[size_t(row)].outcome = state;
    emit dataChanged(index(row, GuessColumn), index(row, GuessColumn));
    emit guessesChanged();
    return true;
}

bool PredictionModel::setCancelGuess(int row, bool returns)
{
    if (row < 0 || size_t(row) >= m_rows.size() || !m_rows[size_t(row)].cancelAsked)
        return false;
    if (m_rows[size_t(row)].cancelReturns == returns)
        return true;
    clearScore();
    m_rows[size_t(row)].cancelReturns = returns;
    emit dataChanged(index(row, CancelGuessColumn), index(row, CancelGuessColumn));
    emit guessesChanged();
    return true;
}

std::vector<Prediction> PredictionModel::predictions() const
{
    return m_rows;
}

int PredictionModel::firstMissingGuess() const
{
    for (size_t i = 0; i < m_rows.size(); ++i) {
        if (!m_rows[i].outcome || (m_rows[i].cancelAsked && !m_rows[i].cancelReturns))
            return int(i);
    }
    return -1;
}

int PredictionModel::rowOf(const QString &taskId) const
{
    for (size_t i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].taskId == taskId)
            return int(i);
    }
    return -1;
}

void PredictionModel::setScore(const PredictionScore &score)
{
    m_score = score;
    m_scored = score.verdicts().size() == m_rows.size();
    if (!m_rows.empty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    emit headerDataChanged(Qt::Horizontal, WhyColumn, WhyColumn);
}

void PredictionModel::clearScore()
{
    if (!m_scored)
        return;
    m_scored = false;
    m_score = {};
    if (!m_rows.empty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    emit headerDataChanged(Qt::Horizontal, WhyColumn, WhyColumn);
}

int PredictionModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int PredictionModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString PredictionModel::outcomeWord(TaskState state) const
{
    return palette::stateText(state);
}

QString PredictionModel::cancelWord(bool value) const
{
    return value ? m_true : m_false;
}

QString PredictionModel::guessText(int row) const
{
    const Prediction &p = m_rows[size_t(row)];
    if (!m_scored)
        return p.outcome ? outcomeWord(*p.outcome) : Unanswered;
    const PredictionVerdict &v = m_score.verdicts()[size_t(row)];
    const QString guessed = p.outcome ? outcomeWord(*p.outcome) : QStringLiteral("no guess");
    if (v.outcomeRight)
        return Right + guessed;
    return Wrong + guessed + (v.found ? QStringLiteral(" — it %1").arg(outcomeWord(v.actual)) : QString());
}

QString PredictionModel::cancelText(int row) const
{
    const Prediction &p = m_rows[size_t(row)];
    if (!p.cancelAsked)
        return QStringLiteral("—");
    if (!m_scored)
        return p.cancelReturns ? cancelWord(*p.cancelReturns) : Unanswered;
    const PredictionVerdict &v = m_score.verdicts()[size_t(row)];
    const QString guessed = p.cancelReturns ? cancelWord(*p.cancelReturns) : QStringLiteral("no guess");
    if (v.cancelRight)
        return Right + guessed;
    return Wrong + guessed
        + (v.actualCancel ? QStringLiteral(" — it was %1").arg(cancelWord(*v.actualCancel))
                          : QStringLiteral(" — no cancel() made"));
}

QVariant PredictionModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const Prediction &p = m_rows[size_t(index.row())];
    const PredictionVerdict *v = m_scored ? &m_score.verdicts()[size_t(index.row())] : nullptr;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TaskColumn:
            return p.taskId;
        case GuessColumn:
            return guessText(index.row());
        case CancelGuessColumn:
            return cancelText(index.row());
        case WhyColumn:
            return v ? v->why : QString();
        }
        break;
    case Qt::EditRole:
        if (index.column() == GuessColumn)
            return p.outcome ? outcomeWord(*p.outcome) : QString();
        if (index.column() == CancelGuessColumn && p.cancelReturns)
            return cancelWord(*p.cancelReturns);
        return {};
    case Qt::DecorationRole:
        // The guessed state's own glyph, as the task table draws it: the word is never the only sign.
        // Once marked, ✓ and ✗ are the signs (completed's check mark beside them would read as one).
        if (index.column() == GuessColumn && p.outcome && !m_scored)
            return palette::stateIcon(*p.outcome);
        break;
    case Qt::ToolTipRole:
        if (index.column() == GuessColumn)
            return QStringLiteral(
                "How will %1 end? F2 or a letter (c, s, f…) chooses; typing it again goes to the next")
                .arg(p.taskId);
        if (index.column() == CancelGuessColumn && p.cancelAsked)
            return QStringLiteral("Will the scenario's first cancel() on %1 return %2? t or f chooses")
                .arg(p.taskId, m_true);
        if (index.column() == WhyColumn && v)
            return v->why;
        break;
    case ChoicesRole:
        if (index.column() == GuessColumn) {
            QStringList words;
            for (TaskState s : m_choices)
                words << outcomeWord(s);
            return words;
        }
        if (index.column() == CancelGuessColumn && p.cancelAsked)
            return QStringList { m_true, m_false };
        return QStringList();
    case MarkRole:
        if (!v)
            return -1;
        if (index.column() == GuessColumn)
            return v->outcomeRight ? 1 : 0;
        if (index.column() == CancelGuessColumn && p.cancelAsked)
            return v->cancelRight ? 1 : 0;
        return -1;
    }
    return {};
}

bool PredictionModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || !index.isValid() || !(flags(index) & Qt::ItemIsEditable))
        return false;
    const QString word = value.toString();
    if (index.column() == GuessColumn) {
        for (TaskState s : m_choices) {
            if (outcomeWord(s).compare(word, Qt::CaseInsensitive) == 0)
                return setOutcomeGuess(index.row(), s);
        }
        return false;
    }
    if (index.column() == CancelGuessColumn) {
        if (word.compare(m_true, Qt::CaseInsensitive) == 0)
            return setCancelGuess(index.row(), true);
        if (word.compare(m_false, Qt::CaseInsensitive) == 0)
            return setCancelGuess(index.row(), false);
    }
    return false;
}

Qt::ItemFlags PredictionModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (!index.isValid() || m_locked)
        return f;
    if (index.column() == GuessColumn
        || (index.column() == CancelGuessColumn && m_rows[size_t(index.row())].cancelAsked))
        f |= Qt::ItemIsEditable;
    return f;
}

QVariant PredictionModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TaskColumn:
        return QStringLiteral("Task");
    case GuessColumn:
        return QStringLiteral("Your guess: it ends");
    case CancelGuessColumn:
        return QStringLiteral("cancel() → %1?").arg(m_true);
    case WhyColumn:
        return m_scored ? QStringLiteral("Why") : QStringLiteral("Why (after the run)");
    }
    return {};
}

} // namespace poolscope
