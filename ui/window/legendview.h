// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

namespace poolscope {

// Explains every mark the window uses: the six states and the two marks, each with its glyph, word and
// one sentence. Painted, with height for width, in one or two columns.
class LegendView : public QWidget
{
    Q_OBJECT
public:
    explicit LegendView(QWidget *parent = nullptr);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    QList<QRect> layout(int width, int *height) const;
};

} // namespace poolscope
