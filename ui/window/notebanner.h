// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

namespace poolscope {

// The line above the table: where the views are in the run ("live · 0.62 s", "at 0.45 s on the timeline"),
// or, standing out, the note while the caller is blocked or the window is closing ("shutdown(wait=True)
// waits for 3 tasks …"). Always there, so nothing below moves when a note comes. Its words change with
// every refresh while its shape rarely does: it asks for a new layout only when the number of lines it
// needs changes, and otherwise only repaints.
class NoteBanner : public QWidget
{
    Q_OBJECT
public:
    explicit NoteBanner(QWidget *parent = nullptr);

    QString text() const { return m_note; } // the note, empty when there is none
    void setText(const QString &note); // empty: the calm line shows
    QString calmText() const { return m_calm; }
    void setCalmText(const QString &text);

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

    const QString &shown() const { return m_note.isEmpty() ? m_calm : m_note; }
    void reshape();

    QString m_note;
    QString m_calm;
    int m_lines = 1;
    int m_heldLines = 0; // the most lines the note up now has needed
};

} // namespace poolscope
