// SPDX-License-Identifier: MIT
#pragma once

#include <QStyledItemDelegate>

namespace poolscope {

// A guess cell: edited with a combo of the model's ChoicesRole words, tinted once the run has marked it
// (the ✓ or ✗ and the words are in the text: the tint is never the only sign).
class GuessDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    void setEditorData(QWidget *editor, const QModelIndex &index) const override;
    void setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const override;

private slots:
    void commitAndCloseEditor();

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};

} // namespace poolscope
