// SPDX-License-Identifier: MIT
#include "window/legendview.h"

#include "models/modelwords.h"
#include "render/statepalette.h"
#include "window/rundocument.h"

#include <QEvent>
#include <QPainter>

namespace poolscope {

namespace {

// Lines of "name: text" when the bold name is followed by the text wrapped by words (the first line
// after the name, the next ones full width). Layout and painting share it.
QList<QPair<int, QString>> wrap(const QFontMetrics &fm, int nameW, const QString &text, int width)
{
    QList<QPair<int, QString>> lines; // indent, text
    const QStringList words = text.split(QLatin1Char(' '));
    QString current;
    int indent = nameW;
    for (const QString &word : words) {
        const QString candidate = current.isEmpty() ? word : current + QLatin1Char(' ') + word;
        if (fm.horizontalAdvance(candidate) > width - indent && !current.isEmpty()) {
            lines.append({ indent, current });
            indent = 0;
            current = word;
        } else {
            current = candidate;
        }
    }
    if (!current.isEmpty() || lines.isEmpty())
        lines.append({ indent, current });
    return lines;
}

} // namespace

LegendView::LegendView(RunDocument *document, QWidget *parent) : QWidget(parent), m_document(document)
{
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    connect(document, &RunDocument::runReset, this, &LegendView::rebuild);
    rebuild();
}

void LegendView::rebuild()
{
    const ModelWords &words = m_document->words();
    m_items.clear();
    for (TaskState s : words.taskStates())
        m_items.append({ int(s), palette::stateText(s), palette::stateExplanation(s, words) });
    for (auto m : { palette::Mark::CancelRefused, palette::Mark::StopRequested, palette::Mark::IgnoredStop })
        m_items.append({ 100 + int(m), palette::markText(m), palette::markExplanation(m, words) });
    updateGeometry();
    update();
}

QList<QRect> LegendView::layout(int width, int *height) const
{
    const QFontMetrics fm(font());
    const int line = fm.height();
    const int pad = line / 3;
    const int columns = width >= line * 36 ? 2 : 1;
    const int colW = (width - (columns + 1) * pad) / columns;
    const int glyphW = int(line * 1.3);
    QFont bold = font();
    bold.setBold(true);
    QList<QRect> rects;
    const QList<Item> &list = m_items;
    const int perColumn = int((list.size() + columns - 1) / columns);
    int maxY = 0;
    for (int c = 0; c < columns; ++c) {
        int y = pad;
        for (int i = c * perColumn; i < std::min<int>(list.size(), (c + 1) * perColumn); ++i) {
            const int nameW = QFontMetrics(bold).horizontalAdvance(list[i].name + QStringLiteral(": "));
            const auto lines = wrap(fm, nameW, list[i].text, std::max(10, colW - glyphW));
            const int h = int(lines.size()) * line + pad;
            rects.append(QRect(pad + c * (colW + pad), y, colW, h));
            y += h;
        }
        maxY = std::max(maxY, y);
    }
    if (height)
        *height = maxY + pad;
    return rects;
}

int LegendView::heightForWidth(int width) const
{
    int h = 0;
    layout(width, &h);
    return h;
}

QSize LegendView::sizeHint() const
{
    const int w = QFontMetrics(font()).height() * 40;
    return QSize(w, heightForWidth(w));
}

QSize LegendView::minimumSizeHint() const
{
    const int w = QFontMetrics(font()).height() * 16;
    return QSize(w, heightForWidth(w));
}

void LegendView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::FontChange)
        updateGeometry();
    QWidget::changeEvent(event);
}

void LegendView::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    const QList<QRect> rects = layout(width(), nullptr);
    const QList<Item> &list = m_items;
    const QFontMetrics fm(font());
    const int line = fm.height();
    const int glyphW = int(line * 1.3);
    QFont bold = font();
    bold.setBold(true);
    for (int i = 0; i < rects.size() && i < list.size(); ++i) {
        const QRect r = rects[i];
        const QRectF g(r.left(), r.top(), line * 1.05, line * 1.05);
        if (list[i].glyph >= 100)
            palette::paintMarkGlyph(&p, g, palette::Mark(list[i].glyph - 100));
        else
            palette::paintStateGlyph(&p, g, TaskState(list[i].glyph));
        // "name: explanation", the name in bold, wrapped under itself
        const QRect textRect = r.adjusted(glyphW, 0, 0, 0);
        p.setPen(palette::textColor());
        p.setFont(bold);
        const QString name = list[i].name + QStringLiteral(": ");
        p.drawText(
            QRect(textRect.left(), textRect.top(), textRect.width(), line), Qt::AlignLeft | Qt::AlignVCenter, name);
        const int nameW = QFontMetrics(bold).horizontalAdvance(name);
        p.setFont(font());
        p.setPen(palette::mutedTextColor());
        int y = textRect.top();
        for (const auto &[indent, text] : wrap(fm, nameW, list[i].text, textRect.width())) {
            p.drawText(QRect(textRect.left() + indent, y, textRect.width() - indent, line),
                Qt::AlignLeft | Qt::AlignVCenter, text);
            y += line;
        }
    }
}

} // namespace poolscope
