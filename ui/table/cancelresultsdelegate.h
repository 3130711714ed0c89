// SPDX-License-Identifier: MIT
#pragma once

#include <QStyledItemDelegate>

namespace poolscope {

// Every cancel() made on a task, in order, as chips: "False" on the cancel-refused mark (yellow, a
// no-entry glyph), "True" on the cancelled state (a cross). Reads CancelResultsRole only.
class CancelResultsDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    // The width that shows `results` chips (and "by shutdown") with their words.
    static int widthFor(const QFontMetrics &fm, int results, bool byShutdown);
};

} // namespace poolscope
