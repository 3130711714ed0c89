// SPDX-License-Identifier: MIT
#include "predict/guessdelegate.h"

#include "predict/predictionmodel.h"
#include "render/statepalette.h"

#include <QComboBox>

namespace poolscope {

QWidget *GuessDelegate::createEditor(QWidget *parent, const QStyleOptionViewItem &, const QModelIndex &index) const
{
    const QStringList choices = index.data(PredictionModel::ChoicesRole).toStringList();
    if (choices.isEmpty())
        return nullptr;
    auto *combo = new QComboBox(parent);
    combo->addItems(choices);
    // A choice made (Enter, a click) is the guess: no second key to leave the editor.
    connect(combo, &QComboBox::activated, this, &GuessDelegate::commitAndCloseEditor);
    return combo;
}

void GuessDelegate::commitAndCloseEditor()
{
    auto *editor = qobject_cast<QWidget *>(sender());
    if (!editor)
        return;
    emit commitData(editor);
    emit closeEditor(editor);
}

void GuessDelegate::setEditorData(QWidget *editor, const QModelIndex &index) const
{
    auto *combo = qobject_cast<QComboBox *>(editor);
    if (!combo)
        return;
    const int at = combo->findText(index.data(Qt::EditRole).toString());
    combo->setCurrentIndex(std::max(0, at));
}

void GuessDelegate::setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const
{
    if (auto *combo = qobject_cast<QComboBox *>(editor))
        model->setData(index, combo->currentText(), Qt::EditRole);
}

void GuessDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    const int mark = index.data(PredictionModel::MarkRole).toInt();
    if (mark < 0)
        return;
    option->backgroundBrush = palette::stateTint(mark ? TaskState::Completed : TaskState::Failed);
    option->palette.setColor(QPalette::Text, palette::textColor());
}

} // namespace poolscope
