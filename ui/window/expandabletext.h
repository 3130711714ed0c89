// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

class QLabel;
class QToolButton;

namespace poolscope {

// A paragraph shown as one line (cut at a word, with "…") and a "more" button that shows all of it; "less"
// folds it again. A scenario's description takes one line of a projected window until someone asks.
class ExpandableText : public QWidget
{
    Q_OBJECT
public:
    explicit ExpandableText(QWidget *parent = nullptr);

    void setText(const QString &text);
    QString text() const { return m_text; }
    void setExpanded(bool expanded);
    bool isExpanded() const { return m_expanded; }
    bool isCut() const; // folded and the line does not hold all of it

protected:
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void refit();

    QString m_text;
    bool m_expanded = false;
    QLabel *m_label;
    QToolButton *m_toggle;
};

} // namespace poolscope
