// SPDX-License-Identifier: MIT
#pragma once

#include <QSet>
#include <QStyledItemDelegate>

namespace poolscope {

// A compared run's task ids, with "≠" and bold type (and a tint) on the tasks that ended otherwise in the
// other run: the difference shows in the tables too, and never by colour alone.
class DifferenceMarkDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void setDiffering(const QSet<QString> &ids) { m_differing = ids; }
    const QSet<QString> &differing() const { return m_differing; }
    bool hasMarks() const { return !m_differing.isEmpty(); }
    static QString mark() { return QStringLiteral("≠ "); }

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    QSet<QString> m_differing;
};

} // namespace poolscope
