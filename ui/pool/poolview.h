// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

namespace poolscope {

class RunDocument;

// The pool at the RunDocument's cursor: each worker and the task it runs (with its steps), then the pending
// queue in order, next to run first. A cancelled future stays in the queue, crossed out, until a worker
// dequeues and skips it, as in CPython: that is why cancel() works on these and not on the running ones.
// Painted in one widget (no widget per item); paints only as many queue items as fit.
class PoolView : public QWidget
{
    Q_OBJECT
public:
    explicit PoolView(RunDocument *model, QWidget *parent = nullptr);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    // No height-for-width: in the right column's scroll area that would ask for the tallest layout and
    // scroll; the view shows fewer queue rows instead when it is given less (queueRowsThatFit).
    bool hasHeightForWidth() const override { return false; }
    int heightForWidth(int width) const override;

    int maxQueueRows() const { return m_maxQueueRows; }
    // What the queue band shows now, in order: task index and whether it is a cancelled item still queued;
    // hiddenCount gets how many more there are ("+ N more").
    QList<QPair<quint32, bool>> visibleQueue(int *hiddenCount = nullptr) const;
    void setMaxQueueRows(int rows);

protected:
    void paintEvent(QPaintEvent *event) override;
    bool event(QEvent *event) override; // tooltips

private:
    struct Geometry;
    Geometry layout(int width, bool withItems, int queueRows = 0) const; // 0: m_maxQueueRows
    int queueRowsThatFit() const; // at the height the layout gave
    void onStateChanged();

    RunDocument *m_model;
    int m_maxQueueRows = 2; // the rest is "+ N more": the column leaves room for the console
    int m_lastHeight = -1;
};

} // namespace poolscope
