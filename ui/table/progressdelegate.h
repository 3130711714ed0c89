// SPDX-License-Identifier: MIT
#pragma once

#include <QStyledItemDelegate>

namespace poolscope {

// Steps done of steps, as the style's own progress bar, in the task state's colour. Reads roles only
// (StepsDoneRole, StepsTotalRole, StateRole, SubmittedRole) and falls back to the base class otherwise.
class ProgressDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace poolscope
