// SPDX-License-Identifier: MIT
#pragma once

#include <QStyledItemDelegate>

namespace poolscope {

// Paints a task's state as a tinted pill with the state's glyph and word, followed by the marks that
// apply ("cancel refused", "stop requested") as badges with their own glyphs: colour, shape and text
// all say the same thing. Reads TaskTableModel roles only.
class StateDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    // The width that shows the widest state with its marks in words: "stop requested" (or, when any task
    // ignored the stop, that mark) and, when any cancel was refused, that one too.
    static int widthFor(const QFont &font, bool cancelRefused, bool ignoredStop, bool stopRequested,
                        const QString &notes = {});
};

} // namespace poolscope
