// SPDX-License-Identifier: MIT
// The legend: every state and mark the window uses, in the run's model's words.
#pragma once

#include <QWidget>

namespace poolscope {

class RunDocument;

// Explains every mark the window uses: the states the run's model has and the two marks, each with its
// glyph, word and one sentence. Painted, with height for width, in one or two columns.
class LegendView : public QWidget
{
    Q_OBJECT
public:
    explicit LegendView(RunDocument *document, QWidget *parent = nullptr);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    struct Item
    {
        int glyph; // a TaskState, or 100 + a palette::Mark
        QString name;
        QString text;
    };
    void rebuild();
    QList<QRect> layout(int width, int *height) const;

    RunDocument *m_document;
    QList<Item> m_items;
};

} // namespace poolscope
