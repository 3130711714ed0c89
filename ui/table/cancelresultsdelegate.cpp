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
    // Every chip with its word when they fit; otherwise every chip as its glyph alone (the tooltip and the
    // legend say the words): never a "…" that hides a second True or "by shutdown".
    struct Chip
    {
        QString text;
        QColor fill;
        QColor border;
        int glyphKind;
    };
    QList<Chip> chips;
    for (qsizetype i = 0; i < results.size(); ++i) {
        const bool r = results[i].toBool();
        const QString text = i < words.size() ? words[i] : QString::number(int(r));
        if (r)
            chips.append({ text, palette::stateTint(TaskState::Cancelled), palette::stateColor(TaskState::Cancelled),
                           int(TaskState::Cancelled) });
        else
            chips.append({ text, palette::markTint(palette::Mark::CancelRefused), Qt::black,
                           100 + int(palette::Mark::CancelRefused) });
    }
    if (byShutdown)
        chips.append({ QStringLiteral("by shutdown"), palette::stateTint(TaskState::Cancelled),
                       palette::stateColor(TaskState::Cancelled), int(TaskState::Cancelled) });
    const int gap = fm.height() / 3;
    auto chipWidth = [&](const Chip &c, bool glyphOnly) {
        return glyphOnly ? glyph + fm.height() / 2 : glyph + fm.horizontalAdvance(c.text) + fm.height();
    };
    int full = 0;
    for (const Chip &c : chips)
        full += chipWidth(c, false) + gap;
    const bool glyphOnly = full > option.rect.width() - 4;
    int x = option.rect.left() + 4;
    for (const Chip &c : chips) {
        const int w = chipWidth(c, glyphOnly);
        painter->setPen(QPen(c.border, 1.2));
        painter->setBrush(c.fill);
        painter->drawRoundedRect(QRectF(x + 0.5, y + 0.5, w, h), 5, 5);
        const QRectF g(glyphOnly ? x + (w - glyph) / 2.0 : x + fm.height() / 3.0, y + (h - glyph) / 2.0, glyph, glyph);
        if (c.glyphKind >= 100)
            palette::paintMarkGlyph(painter, g, palette::Mark(c.glyphKind - 100));
        else
            palette::paintStateGlyph(painter, g, TaskState(c.glyphKind));
        if (!glyphOnly) {
            painter->setPen(palette::textColor());
            painter->drawText(QRectF(g.right() + fm.height() / 4.0, y, w, h), Qt::AlignLeft | Qt::AlignVCenter, c.text);
        }
        x += w + gap;
    }
    painter->restore();
}

QSize CancelResultsDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    Q_UNUSED(index);
    return QSize(widthFor(option.fontMetrics, 2, false), int(option.fontMetrics.height() * 1.9));
}

int CancelResultsDelegate::widthFor(const QFontMetrics &fm, int results, bool byShutdown)
{
    const int glyph = int(fm.height() * 0.9);
    const int gap = fm.height() / 3;
    const int chip = glyph + fm.horizontalAdvance(QStringLiteral("False")) + fm.height() + gap;
    const int shutdown = byShutdown ? glyph + fm.horizontalAdvance(QStringLiteral("by shutdown")) + fm.height() + gap : 0;
    return 8 + std::max(1, results) * chip + shutdown;
}

} // namespace poolscope
