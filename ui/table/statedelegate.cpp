// SPDX-License-Identifier: MIT
#include "table/statedelegate.h"

#include "render/statepalette.h"
#include "table/tasktablemodel.h"

#include <QApplication>
#include <QPainter>

namespace poolscope {

namespace {

struct Badge
{
    QString text;
    QColor fill;
    QColor border;
    int glyphKind; // 0..9 state, 100+ mark, NotSubmitted or Notes (words only)
};
constexpr int NotSubmitted = -1;
constexpr int Notes = -2; // the model's notes: words only, so they never shrink to an empty pill

QList<Badge> badgesFor(const QModelIndex &index)
{
    QList<Badge> badges;
    const QVariant stateValue = index.data(TaskTableModel::StateRole);
    if (!stateValue.canConvert<int>())
        return badges;
    if (!index.data(TaskTableModel::SubmittedRole).toBool()) {
        badges.append({ QStringLiteral("not submitted yet"), Qt::white, palette::mutedTextColor(), NotSubmitted });
        return badges;
    }
    const auto state = TaskState(stateValue.toInt());
    badges.append({ palette::stateText(state), palette::stateTint(state), palette::stateColor(state), int(state) });
    if (index.data(TaskTableModel::CancelRefusedRole).toBool()) {
        const auto mark = palette::Mark::CancelRefused;
        badges.append({ palette::markText(mark), palette::markTint(mark), QColor(Qt::black), 100 + int(mark) });
    }
    if (index.data(TaskTableModel::StopRequestedRole).toBool()) {
        const auto mark = palette::Mark::StopRequested;
        badges.append({ palette::markText(mark), palette::markTint(mark), palette::markColor(mark).darker(130),
            100 + int(mark) });
    }
    const int ignoredSteps = index.data(TaskTableModel::IgnoredStopRole).toInt();
    if (ignoredSteps >= 0) {
        const auto mark = palette::Mark::IgnoredStop;
        QString words = index.data(TaskTableModel::IgnoredStopTextRole).toString();
        if (words.isEmpty())
            words = TaskTableModel::ignoredStopText(ignoredSteps);
        badges.append({ words, palette::markTint(mark),
                        palette::markColor(mark).darker(130), 100 + int(mark) });
    }
    const QString notes = index.data(TaskTableModel::NotesRole).toString();
    if (!notes.isEmpty())
        badges.append({ notes, Qt::white, palette::textColor(), Notes });
    return badges;
}

int badgeWidth(const QFontMetrics &fm, const Badge &badge, int glyph)
{
    return (badge.glyphKind >= 0 ? glyph + fm.height() / 4 : 0) + fm.horizontalAdvance(badge.text)
        + fm.height(); // padding on both sides
}

} // namespace

void StateDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QList<Badge> badges = badgesFor(index);
    if (badges.isEmpty())
        return QStyledItemDelegate::paint(painter, option, index);

    // The item's background (selection, hover) the way the view's style draws it.
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear();
    opt.icon = QIcon();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, true);
    QFont bold = option.font;
    bold.setBold(true);
    QFont normal = option.font;
    const QFontMetrics fmBold(bold);
    const QFontMetrics fm(normal);
    const int h = std::min(option.rect.height() - 4, int(fmBold.height() * 1.45));
    const int glyph = int(fmBold.height() * 0.95);
    const int gap = fm.height() / 3;
    // If the marks do not fit with their words, the last ones shrink to their glyphs (the legend and the
    // tooltip name them): the state's word, and "cancel refused" if at all possible, always show.
    QList<bool> glyphOnlyAt(badges.size(), false);
    auto total = [&] {
        int sum = 0;
        for (int i = 0; i < badges.size(); ++i)
            sum += (glyphOnlyAt[i] ? glyph + fm.height() / 2 : badgeWidth(i == 0 ? fmBold : fm, badges[i], glyph))
                + gap;
        return sum;
    };
    for (int i = int(badges.size()) - 1; i > 0 && total() > option.rect.width() - 8; --i)
        glyphOnlyAt[i] = badges[i].glyphKind >= 0;
    int x = option.rect.left() + 4;
    const int y = option.rect.top() + (option.rect.height() - h) / 2;
    for (int i = 0; i < badges.size(); ++i) {
        const Badge &b = badges[i];
        const QFontMetrics &m = i == 0 ? fmBold : fm;
        const bool glyphOnly = glyphOnlyAt[i];
        const int w = glyphOnly ? glyph + m.height() / 2 : badgeWidth(m, b, glyph);
        if (x + w > option.rect.right() && i > 0)
            break;
        const QRectF pill(x + 0.5, y + 0.5, w, h);
        painter->setPen(QPen(b.border, i == 0 ? 1.5 : 1.2));
        painter->setBrush(b.fill);
        painter->drawRoundedRect(pill, h / 2.0, h / 2.0);
        int tx = glyphOnly ? x + (w - glyph) / 2 : x + m.height() / 2;
        if (b.glyphKind >= 0) {
            const QRectF g(tx, y + (h - glyph) / 2.0, glyph, glyph);
            if (b.glyphKind >= 100)
                palette::paintMarkGlyph(painter, g, palette::Mark(b.glyphKind - 100));
            else
                palette::paintStateGlyph(painter, g, TaskState(b.glyphKind));
            tx += glyph + m.height() / 4;
        }
        if (!glyphOnly) {
            painter->setFont(i == 0 ? bold : normal);
            painter->setPen(b.glyphKind == NotSubmitted ? palette::mutedTextColor() : palette::textColor());
            painter->drawText(QRect(tx, y, w, h), Qt::AlignLeft | Qt::AlignVCenter, b.text);
        }
        x += w + gap;
    }
    painter->restore();
}

QSize StateDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    Q_UNUSED(index);
    QFont bold = option.font;
    bold.setBold(true);
    return QSize(widthFor(option.font, true, false, true), int(QFontMetrics(bold).height() * 1.9));
}

int StateDelegate::widthFor(const QFont &font, bool cancelRefused, bool ignoredStop, bool stopRequested,
                            const QString &notes)
{
    QFont bold = font;
    bold.setBold(true);
    const QFontMetrics fmBold(bold);
    const QFontMetrics fm(font);
    const int glyph = int(fmBold.height() * 0.95);
    const int gap = fm.height() / 3;
    // "stop requested" (while running) and "ignored stop" (once ended) never show together. With a refused
    // cancel beside it, "stop requested" may shrink to its glyph (paint() does so); "ignored stop" keeps
    // its words: it is the lesson.
    const int refused = badgeWidth(fm, { palette::markText(palette::Mark::CancelRefused), {}, {}, 100 }, glyph) + gap;
    const int stopWords = badgeWidth(fm, { palette::markText(palette::Mark::StopRequested), {}, {}, 101 }, glyph) + gap;
    const int stopGlyph = glyph + fm.height() / 2 + gap;
    const int ignored = badgeWidth(fm, { TaskTableModel::ignoredStopText(10, true), {}, {}, 102 }, glyph) + gap;
    int marks = stopRequested ? stopWords : 0;
    if (cancelRefused)
        marks = std::max(marks, refused + (stopRequested ? stopGlyph : 0));
    if (ignoredStop)
        marks = std::max(marks, ignored + (cancelRefused ? refused : 0));
    // A model's notes (Java's) keep their words; beside them the marks may shrink to their glyphs (paint()
    // does so), so the notes and a refused cancel's glyph is what must fit.
    if (!notes.isEmpty())
        marks = std::max(marks, badgeWidth(fm, { notes, {}, {}, Notes }, glyph) + gap + (cancelRefused ? stopGlyph : 0));
    return 8 + badgeWidth(fmBold, { QStringLiteral("completed"), {}, {}, 0 }, glyph) + gap + marks;
}

} // namespace poolscope
