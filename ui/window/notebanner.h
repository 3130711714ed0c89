// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

namespace poolscope {

// The note above the table while the caller is blocked or the window is closing ("shutdown(wait=True)
// waits for 3 tasks …"). Its words change with every refresh while its shape rarely does: it asks the
// window for a new layout only when the number of lines it needs changes, and otherwise only repaints.
class NoteBanner : public QWidget
{
    Q_OBJECT
public:
    explicit NoteBanner(QWidget *parent = nullptr);

    QString text() const { return m_text; }
    void setText(const QString &text); // empty hides the banner

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    int linesAt(int width) const;
    QRect textRect(const QRect &box) const;

    QString m_text;
    int m_lines = 1;
};

} // namespace poolscope
