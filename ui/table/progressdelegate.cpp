// SPDX-License-Identifier: MIT
#include "table/progressdelegate.h"

#include "render/statepalette.h"
#include "table/tasktablemodel.h"

#include <QApplication>
#include <QPainter>
#include <QStyleOptionProgressBar>
#include <cmath>

namespace poolscope {

void ProgressDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QVariant done = index.data(TaskTableModel::StepsDoneRole);
    const QVariant total = index.data(TaskTableModel::StepsTotalRole);
    const QVariant state = index.data(TaskTableModel::StateRole);
    if (!done.canConvert<int>() || !total.canConvert<int>() || !state.canConvert<int>())
        return QStyledItemDelegate::paint(painter, option, index);

    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    QStyleOptionViewItem background = option;
    initStyleOption(&background, index);
    background.text.clear();
    style->drawControl(QStyle::CE_ItemViewItem, &background, painter, widget);
    if (!index.data(TaskTableModel::SubmittedRole).toBool())
        return;

    const auto taskState = TaskState(state.toInt());
    QStyleOptionProgressBar bar;
    bar.initFrom(widget ? widget : static_cast<const QWidget *>(nullptr));
    bar.state = option.state | QStyle::State_Horizontal;
    const int margin = std::max(3, option.rect.height() / 6);
    bar.rect = option.rect.adjusted(margin, margin, -margin, -margin);
    // In thousandths of a step, so a running task's bar fills within its step, not only at its end.
    constexpr int Fine = 1000;
    const double within = index.data(TaskTableModel::StepFractionRole).toDouble();
    bar.minimum = 0;
    bar.maximum = std::max(1, total.toInt()) * Fine;
    bar.progress = total.toInt() == 0 ? (taskState == TaskState::Completed ? Fine : 0)
                                      : std::min(done.toInt() * Fine + int(within * Fine), total.toInt() * Fine);
    bar.textVisible = true;
    bar.textAlignment = Qt::AlignCenter;
    bar.text = QStringLiteral("%1 / %2").arg(done.toInt()).arg(total.toInt());
    bar.fontMetrics = option.fontMetrics;
    bar.palette = option.palette;
    bar.palette.setColor(QPalette::Highlight, palette::stateColor(taskState));
    // Text over the filled part: white on dark fills (running blue), dark on light ones (orange, green...).
    const QColor fill = palette::stateColor(taskState);
    auto linear = [](double c) { return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); };
    const double luminance
        = 0.2126 * linear(fill.redF()) + 0.7152 * linear(fill.greenF()) + 0.0722 * linear(fill.blueF());
    bar.palette.setColor(QPalette::HighlightedText, luminance > 0.18 ? palette::textColor() : QColor(Qt::white));
    bar.palette.setColor(QPalette::Base, palette::stateTint(taskState).lighter(104));
    bar.palette.setColor(QPalette::Text, palette::textColor());
    bar.palette.setColor(QPalette::WindowText, palette::textColor());
    painter->save();
    style->drawControl(QStyle::CE_ProgressBar, &bar, painter, widget);
    painter->restore();
}

QSize ProgressDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    Q_UNUSED(index);
    const QFontMetrics &fm = option.fontMetrics;
    return QSize(fm.horizontalAdvance(QStringLiteral("000 / 000")) * 2, int(fm.height() * 1.9));
}

} // namespace poolscope
