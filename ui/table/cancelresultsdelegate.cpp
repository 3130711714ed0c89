// SPDX-License-Identifier: MIT
#include "table/cancelresultsdelegate.h"

#include "render/statepalette.h"
#include "table/tasktablemodel.h"

#include <QApplication>
#include <QPainter>

namespace poolscope {

void CancelResultsDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QVariant value = index.data(TaskTableModel::CancelResultsRole);
    if (!value.canConvert<QVariantList>())
        return QStyledItemDelegate::paint(painter, option, index);
    const QVariantList results = value.toList();
    // The model's spelling of each result ("True", "true"): the delegate never spells a language itself.
    const QStringList words = index.data(TaskTableModel::CancelWordsRole).toStringList();
    const bool byShutdown = index.data(TaskTableModel::CancelledByShutdownRole).toBool();

    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    QStyleOptionViewItem background = option;
    initStyleOption(&background, index);
    background.text.clear();
    style->drawControl(QStyle::CE_ItemViewItem, &background, painter, widget);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, true);
    const QFontMetrics &fm = option.fontMetrics;
    const int h = std::min(option.rect.height() - 4, int(fm.height() * 1.4));
    const int glyph = int(fm.height() * 0.9);
    const int y = option.rect.top() + (option.rect.height() - h) / 2;
    int x = option.rect.left() + 4;
    auto chip = [&](const QString &text, const QColor &fill, const QColor &border, int glyphKind) {
        const int w = glyph + fm.horizontalAdvance(text) + fm.height();
        if (x + w > option.rect.right()) {
            painter->setPen(palette::textColor());
            painter->drawText(
                QRect(x, y, option.rect.right() - x, h), Qt::AlignLeft | Qt::AlignVCenter, QStringLiteral("…"));
            x = option.rect.right() + 1;
            return;
        }
        painter->setPen(QPen(border, 1.2));
        painter->setBrush(fill);
        painter->drawRoundedRect(QRectF(x + 0.5, y + 0.5, w, h), 5, 5);
        const QRectF g(x + fm.height() / 3.0, y + (h - glyph) / 2.0, glyph, glyph);
        if (glyphKind >= 100)
            palette::paintMarkGlyph(painter, g, palette::Mark(glyphKind - 100));
        else if (glyphKind >= 0)
            palette::paintStateGlyph(painter, g, TaskState(glyphKind));
        painter->setPen(palette::textColor());
        painter->drawText(QRectF(g.right() + fm.height() / 4.0, y, w, h), Qt::AlignLeft | Qt::AlignVCenter, text);
        x += w + fm.height() / 3;
    };
    for (qsizetype i = 0; i < results.size(); ++i) {
        if (x > option.rect.right())
            break;
        const bool r = results[i].toBool();
        const QString text = i < words.size() ? words[i] : QString::number(int(r));
        if (r)
            chip(text, palette::stateTint(TaskState::Cancelled), palette::stateColor(TaskState::Cancelled),
                 int(TaskState::Cancelled));
        else
            chip(text, palette::markTint(palette::Mark::CancelRefused), Qt::black, 100 + int(palette::Mark::CancelRefused));
    }
    if (byShutdown && x <= option.rect.right())
        chip(QStringLiteral("by shutdown"), palette::stateTint(TaskState::Cancelled),
            palette::stateColor(TaskState::Cancelled), int(TaskState::Cancelled));
    painter->restore();
}

QSize CancelResultsDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    Q_UNUSED(index);
    const QFontMetrics &fm = option.fontMetrics;
    const int chip = int(fm.height() * 0.9) + fm.horizontalAdvance(QStringLiteral("False")) + fm.height();
    return QSize(2 * chip + fm.height(), int(fm.height() * 1.9));
}

} // namespace poolscope
