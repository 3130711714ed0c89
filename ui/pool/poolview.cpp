// SPDX-License-Identifier: MIT
#include "pool/poolview.h"

#include "models/modelwords.h"

#include "window/rundocument.h"
#include "render/statepalette.h"

#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>

namespace poolscope {

namespace {
constexpr int MinWorkerWidth = 120;
} // namespace

struct PoolView::Geometry
{
    int height = 0;
    int lineHeight = 0;
    QRect workersTitle;
    QList<QRect> workerBoxes;
    QRect queueTitle;
    QList<QPair<quint32, QRect>> chips; // task index, chip rect
    QRect more; // "+N more"
    int hidden = 0;
    int queued = 0;
    int cancelledQueued = 0;
};

PoolView::PoolView(RunDocument *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
{
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    connect(model, &RunDocument::stateChanged, this, &PoolView::onStateChanged);
    connect(model, &RunDocument::runReset, this, &PoolView::onStateChanged);
    connect(model, &RunDocument::tasksAdded, this, &PoolView::onStateChanged);
    // Between events the busy workers' bars still fill: repaint at display rate, only when some work runs.
    connect(model, &RunDocument::nowAdvanced, this, [this] {
        if (m_model->state().runningCount() > 0)
            update();
    });
}

void PoolView::setMaxQueueRows(int rows)
{
    if (rows == m_maxQueueRows)
        return;
    m_maxQueueRows = std::max(1, rows);
    updateGeometry();
    update();
}

void PoolView::onStateChanged()
{
    // Grow or shrink with the number of workers, never per queue change (the queue has a fixed band).
    const int h = heightForWidth(width());
    if (h != m_lastHeight) {
        m_lastHeight = h;
        updateGeometry();
    }
    update();
}

PoolView::Geometry PoolView::layout(int width, bool withItems, int queueRows) const
{
    if (queueRows <= 0)
        queueRows = m_maxQueueRows;
    Geometry g;
    const QFontMetrics fm(font());
    const int line = fm.height();
    g.lineHeight = line;
    const int pad = line / 2;
    const int w = std::max(width, MinWorkerWidth) - 2 * pad;
    int y = pad;
    g.workersTitle = QRect(pad, y, w, line);
    y += line + pad / 2;

    const int workers = std::max(1, m_model->state().workerCount());
    const int columns = std::max(1, std::min(workers, (w + pad) / (MinWorkerWidth + pad)));
    const int boxW = (w - (columns - 1) * pad) / columns;
    const int boxH = int(line * 3.1); // worker and steps; the task and its marks; the progress bar
    for (int i = 0; i < workers; ++i) {
        const int r = i / columns, c = i % columns;
        g.workerBoxes << QRect(pad + c * (boxW + pad), y + r * (boxH + pad / 2), boxW, boxH);
    }
    const int rows = (workers + columns - 1) / columns;
    y += rows * (boxH + pad / 2) + pad / 2;

    g.queueTitle = QRect(pad, y, w, line);
    y += line + pad / 2;
    const int chipH = int(line * 1.6);
    const int queueBand = queueRows * (chipH + pad / 2);
    if (withItems) {
        const std::vector<quint32> queue = m_model->state().queue();
        const RunState &state = m_model->state();
        for (quint32 t : queue) {
            if (t < state.tasks().size() && state.task(t).state == TaskState::Cancelled)
                ++g.cancelledQueued;
            else
                ++g.queued;
        }
        QFont bold = font();
        bold.setBold(true);
        const QFontMetrics bfm(bold);
        const QString moreTemplate = QStringLiteral("+ 00000 more");
        const int moreW = fm.horizontalAdvance(moreTemplate);
        int x = pad, row = 0;
        for (size_t i = 0; i < queue.size(); ++i) {
            const quint32 t = queue[i];
            const QString id = t < m_model->run().tasks.size() ? m_model->run().taskId(t) : QStringLiteral("?");
            const int cw = line + bfm.horizontalAdvance(id) + line;
            const bool lastRow = row == queueRows - 1;
            const int room = pad + w - x - (lastRow ? moreW + pad : 0);
            if (cw > room) {
                if (lastRow || x == pad) {
                    g.hidden = int(queue.size() - i);
                    break;
                }
                ++row;
                x = pad;
                if (row >= queueRows) {
                    g.hidden = int(queue.size() - i);
                    break;
                }
            }
            g.chips.append({ t, QRect(x, y + row * (chipH + pad / 2), cw, chipH) });
            x += cw + pad / 2;
        }
        if (g.hidden > 0)
            g.more = QRect(pad + w - moreW, y + (queueRows - 1) * (chipH + pad / 2), moreW, chipH);
    }
    y += queueBand + pad / 2;
    g.height = y;
    return g;
}

QList<QPair<quint32, bool>> PoolView::visibleQueue(int *hiddenCount) const
{
    const Geometry g = layout(width(), true, queueRowsThatFit());
    const RunState &state = m_model->state();
    QList<QPair<quint32, bool>> items;
    for (const auto &[task, rect] : g.chips)
        items.append({ task, task < state.tasks().size() && state.task(task).state == TaskState::Cancelled });
    if (hiddenCount)
        *hiddenCount = g.hidden;
    return items;
}

int PoolView::heightForWidth(int width) const
{
    return layout(width, false).height;
}

QSize PoolView::sizeHint() const
{
    const int w = 2 * MinWorkerWidth + QFontMetrics(font()).height() * 2;
    return QSize(w, heightForWidth(w));
}

QSize PoolView::minimumSizeHint() const
{
    // The height at the width it is normally given (cards side by side), not at its narrowest, and with one
    // row of queue: a narrow column's taller stack must not make the window taller than a small screen
    // (960×540 is 1920×1080 at scale 2). Given less than its wish, the queue shows fewer rows ("+ N more").
    return QSize(MinWorkerWidth, layout(sizeHint().width(), false, 1).height);
}

int PoolView::queueRowsThatFit() const
{
    for (int rows = m_maxQueueRows; rows > 1; --rows) {
        if (layout(width(), false, rows).height <= height())
            return rows;
    }
    return 1;
}

void PoolView::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing, true);
    const Geometry g = layout(width(), true, queueRowsThatFit());
    const RunState &state = m_model->state();
    const Run &run = m_model->run();
    const int line = g.lineHeight;
    QFont bold = font();
    bold.setBold(true);
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.85);

    p.setFont(bold);
    p.setPen(palette::textColor());
    QString title = QStringLiteral("Workers (max_workers=%1)").arg(state.workerCount());
    if (run.recorded() && run.recording.pools.size() > 1) { // "Workers (max_workers 4 + 4 + 1)": a pool each
        QStringList sizes;
        for (const RecordedPool &pool : run.recording.pools)
            sizes << QString::number(pool.maxWorkers);
        title = QStringLiteral("Workers (max_workers %1)").arg(sizes.join(QStringLiteral(" + ")));
    }
    p.drawText(g.workersTitle, Qt::AlignLeft | Qt::AlignVCenter,
        QFontMetrics(bold).elidedText(title, Qt::ElideRight, g.workersTitle.width()));

    const auto &workerTasks = state.workerTasks();
    for (int i = 0; i < g.workerBoxes.size(); ++i) {
        const QRect box = g.workerBoxes[i];
        const quint32 task = size_t(i) < workerTasks.size() ? workerTasks[size_t(i)] : NoTask;
        const bool busy = task != NoTask && task < state.tasks().size();
        const TaskStatus *status = busy ? &state.task(task) : nullptr;
        const bool stopRequested = busy && state.stopSet();
        QPen border(busy ? palette::stateColor(TaskState::Running) : QColor(0xB0B0B0), busy ? 2 : 1.2);
        if (!busy)
            border.setStyle(Qt::DashLine);
        p.setPen(border);
        p.setBrush(busy ? palette::stateTint(TaskState::Running) : QColor(0xFAFAFA));
        p.drawRoundedRect(QRectF(box).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6);

        // Three rows, so nothing is drawn over anything: "worker-1 … 4 / 5", the task and its marks, the bar.
        const int inner = line / 3;
        const QRect top(box.left() + inner, box.top() + inner / 2, box.width() - 2 * inner, line);
        const QRect middle = top.translated(0, line);
        p.setFont(small);
        p.setPen(palette::mutedTextColor());
        const QString label = run.workerLabel(qint16(i));
        p.drawText(top, Qt::AlignLeft | Qt::AlignVCenter, label);
        if (!busy) {
            p.setPen(palette::mutedTextColor());
            p.setFont(font());
            p.drawText(middle, Qt::AlignLeft | Qt::AlignVCenter, QStringLiteral("idle"));
            continue;
        }
        const TaskSpec *spec = task < run.tasks.size() ? &run.specOf(task) : nullptr;
        const int steps = spec ? spec->steps : 0;
        // The steps beside the worker's name when both fit ("4 / 5 steps", else "4/5"); never over it.
        p.setPen(palette::textColor());
        const QFontMetrics sfm(small);
        const int nameRight = sfm.horizontalAdvance(label) + inner;
        // A recorded task has no steps: its checks so far.
        const QStringList counts = run.recorded()
            ? QStringList { QStringLiteral("%1 checks").arg(status->stepsDone), QString::number(status->stepsDone) }
            : QStringList { QStringLiteral("%1 / %2 steps").arg(status->stepsDone).arg(steps),
                            QStringLiteral("%1/%2").arg(status->stepsDone).arg(steps) };
        for (const QString &count : counts) {
            if (nameRight + sfm.horizontalAdvance(count) <= top.width()) {
                p.drawText(top, Qt::AlignRight | Qt::AlignVCenter, count);
                break;
            }
        }

        const QRectF glyph(middle.left(), middle.top() + line * 0.1, line * 0.8, line * 0.8);
        palette::paintStateGlyph(&p, glyph, TaskState::Running);
        int x = int(glyph.right()) + inner;
        int marksWidth = 0;
        marksWidth += status->cancelRefused() ? line + inner / 2 : 0;
        marksWidth += stopRequested ? line + inner / 2 : 0;
        p.setFont(bold);
        const QString id = run.taskId(task);
        // The marks keep their room (the lesson is in them); a long id gives way, with its whole name in the
        // tooltip.
        const QString shownId = QFontMetrics(bold).elidedText(id, Qt::ElideMiddle, middle.right() - x - marksWidth);
        p.drawText(QRect(x, middle.top(), middle.right() - x, line), Qt::AlignLeft | Qt::AlignVCenter, shownId);
        x += QFontMetrics(bold).horizontalAdvance(shownId) + inner;
        if (status->cancelRefused()) {
            palette::paintMarkGlyph(
                &p, QRectF(x, middle.top() + line * 0.05, line * 0.9, line * 0.9), palette::Mark::CancelRefused);
            x += line + inner / 2;
        }
        if (stopRequested)
            palette::paintMarkGlyph(
                &p, QRectF(x, middle.top() + line * 0.05, line * 0.9, line * 0.9), palette::Mark::StopRequested);

        // The bar fills within a step too (the run's clock, read at display rate).
        const QRectF bar(box.left() + inner, middle.bottom() + inner / 2.0, box.width() - 2 * inner,
                         std::max<qreal>(4, box.bottom() - middle.bottom() - inner));
        p.setPen(QPen(palette::stateColor(TaskState::Running), 1));
        p.setBrush(Qt::white);
        p.drawRect(bar);
        if (steps > 0) {
            double done = status->stepsDone;
            const double stepNs = spec ? double(spec->stepMs) * run.info.timeScale * 1e6 : 0;
            if (!status->held && status->stepBeganNs >= 0 && stepNs > 0)
                done += std::clamp(double(m_model->nowNs() - status->stepBeganNs) / stepNs, 0.0, 0.999);
            QRectF filled = bar;
            filled.setWidth(bar.width() * std::min(1.0, done / steps));
            p.setPen(Qt::NoPen);
            p.setBrush(palette::stateColor(TaskState::Running));
            p.drawRect(filled);
        }
    }

    p.setFont(bold);
    p.setPen(palette::textColor());
    // The longest wording that fits the column, never cut: the counts are the point.
    const QFontMetrics bfm(bold);
    QString queueTitle;
    const QStringList wordings = g.cancelledQueued > 0
            ? QStringList { QStringLiteral("Queue, next first: %1 waiting, %2 cancelled (skipped when dequeued)"),
                            QStringLiteral("Queue: %1 waiting, %2 cancelled"), QStringLiteral("Queue: %1 + %2 ×") }
            : QStringList { QStringLiteral("Queue, next first: %1 waiting"), QStringLiteral("Queue: %1 waiting"),
                            QStringLiteral("Queue: %1") };
    for (const QString &wording : wordings) {
        queueTitle = g.cancelledQueued > 0 ? wording.arg(g.queued).arg(g.cancelledQueued) : wording.arg(g.queued);
        if (bfm.horizontalAdvance(queueTitle) <= g.queueTitle.width())
            break;
    }
    p.drawText(g.queueTitle, Qt::AlignLeft | Qt::AlignVCenter, queueTitle);
    if (g.chips.isEmpty() && g.hidden == 0) {
        p.setFont(font());
        p.setPen(palette::mutedTextColor());
        p.drawText(
            g.queueTitle.translated(0, line + line / 3), Qt::AlignLeft | Qt::AlignVCenter, QStringLiteral("empty"));
    }
    for (const auto &[task, rect] : g.chips) {
        const bool cancelled = task < state.tasks().size() && state.task(task).state == TaskState::Cancelled;
        const TaskState s = cancelled ? TaskState::Cancelled : TaskState::Pending;
        QPen pen(palette::stateColor(s), 1.5);
        if (cancelled)
            pen.setStyle(Qt::DashLine);
        p.setPen(pen);
        p.setBrush(palette::stateTint(s));
        p.drawRoundedRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5), rect.height() / 2.0, rect.height() / 2.0);
        const QRectF glyph(
            rect.left() + line * 0.4, rect.top() + (rect.height() - line * 0.85) / 2, line * 0.85, line * 0.85);
        palette::paintStateGlyph(&p, glyph, s);
        QFont f = bold;
        f.setStrikeOut(cancelled);
        p.setFont(f);
        p.setPen(palette::textColor());
        const QString id = task < run.tasks.size() ? run.taskId(task) : QStringLiteral("?");
        p.drawText(QRect(int(glyph.right()) + line / 4, rect.top(), rect.width(), rect.height()),
            Qt::AlignLeft | Qt::AlignVCenter, id);
    }
    if (g.hidden > 0) {
        p.setFont(font());
        p.setPen(palette::mutedTextColor());
        p.drawText(g.more, Qt::AlignRight | Qt::AlignVCenter, QStringLiteral("+ %1 more").arg(g.hidden));
    }
}

bool PoolView::event(QEvent *e)
{
    if (e->type() != QEvent::ToolTip)
        return QWidget::event(e);
    auto *help = static_cast<QHelpEvent *>(e);
    const Geometry g = layout(width(), true, queueRowsThatFit());
    const RunState &state = m_model->state();
    const Run &run = m_model->run();
    auto idOf = [&](quint32 t) { return t < run.tasks.size() ? run.taskId(t) : QStringLiteral("?"); };
    for (int i = 0; i < g.workerBoxes.size(); ++i) {
        if (!g.workerBoxes[i].contains(help->pos()))
            continue;
        const quint32 task = size_t(i) < state.workerTasks().size() ? state.workerTasks()[size_t(i)] : NoTask;
        // A recording's worker by its thread's whole name too.
        const QString who = run.recorded() ? QStringLiteral("%1 (thread %2)").arg(run.workerLabel(qint16(i)), run.laneName(qint16(i)))
                                           : QStringLiteral("worker-%1").arg(i + 1);
        QToolTip::showText(help->globalPos(),
            task == NoTask
                ? QStringLiteral("%1 is idle").arg(who)
                : QStringLiteral("%1 runs %2: %3 on it returns %4")
                          .arg(who)
                          .arg(idOf(task), m_model->words().call(ModelWords::Call::CancelShort),
                               m_model->words().boolean(false)),
            this);
        return true;
    }
    for (const auto &[task, rect] : g.chips) {
        if (!rect.contains(help->pos()))
            continue;
        const bool cancelled = task < state.tasks().size() && state.task(task).state == TaskState::Cancelled;
        QToolTip::showText(help->globalPos(),
            cancelled ? QStringLiteral("%1 was cancelled: it stays in the queue until a worker "
                                       "dequeues it and skips it")
                            .arg(idOf(task))
                      : QStringLiteral("%1 is pending: %2 on it returns %3 and it never starts")
                            .arg(idOf(task), m_model->words().call(ModelWords::Call::CancelShort),
                                 m_model->words().boolean(true)),
            this);
        return true;
    }
    QToolTip::hideText();
    e->ignore();
    return true;
}

} // namespace poolscope
