// SPDX-License-Identifier: MIT
#include "compare/differencemarkdelegate.h"

#include "render/statepalette.h"

#include <QPainter>

namespace poolscope {

void DifferenceMarkDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QString id = index.data().toString();
    if (!m_differing.contains(id)) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    const bool selected = option.state & QStyle::State_Selected;
    painter->save();
    painter->fillRect(option.rect, selected ? option.palette.highlight() : QBrush(palette::markTint(palette::Mark::CancelRefused)));
    QFont bold = option.font;
    bold.setBold(true);
    painter->setFont(bold);
    painter->setPen(selected ? option.palette.highlightedText().color() : palette::textColor());
    painter->drawText(option.rect.adjusted(4, 0, -2, 0), Qt::AlignLeft | Qt::AlignVCenter, mark() + id);
    painter->restore();
}

} // namespace poolscope
