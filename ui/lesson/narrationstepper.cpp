// SPDX-License-Identifier: MIT
#include "lesson/narrationstepper.h"

#include "clock/runclock.h"
#include "runner/runner.h"
#include "window/runcontroller.h"
#include "window/rundocument.h"

namespace poolscope {

NarrationStepper::NarrationStepper(RunDocument *document, RunController *controller, QObject *parent)
    : QObject(parent), m_document(document), m_controller(controller)
{
    auto recheck = [this] {
        const int shown = current();
        if (shown != m_lastShown) {
            m_lastShown = shown;
            emit changed();
        }
    };
    connect(document, &RunDocument::cursorChanged, this, recheck);
    connect(document, &RunDocument::nowAdvanced, this, recheck);
    connect(document, &RunDocument::eventsAppended, this, recheck);
    connect(document, &RunDocument::runReset, this, [this] {
        m_lastShown = -2;
        emit changed();
    });
    connect(document, &RunDocument::liveFinished, this, &NarrationStepper::changed);
    connect(controller, &RunController::runStarted, this, &NarrationStepper::onRunStarted);
}

void NarrationStepper::setNarration(const QList<NarrationStep> &steps)
{
    m_steps = steps;
    m_lastShown = -2;
    emit changed();
}

qint64 NarrationStepper::stepNs(int index) const
{
    const double scale = m_document->run().info.timeScale > 0 ? m_document->run().info.timeScale : 1.0;
    return qint64(double(m_steps[index].atMs) * scale * 1e6);
}

qint64 NarrationStepper::shownNs() const
{
    return m_document->cursorNs() >= 0 ? m_document->cursorNs() : m_document->nowNs();
}

int NarrationStepper::current() const
{
    if (m_steps.isEmpty() || m_document->run().events.empty())
        return m_steps.isEmpty() ? -1 : 0;
    const qint64 shown = shownNs();
    int at = 0;
    for (int i = 1; i < m_steps.size() && stepNs(i) <= shown; ++i)
        at = i;
    if (m_document->hasEnded() && m_document->cursorNs() < 0)
        at = int(m_steps.size()) - 1; // the end of the run is the end of the story
    return at;
}

bool NarrationStepper::waitingForNext() const
{
    Runner *runner = m_controller->runner();
    return runner && !m_document->hasEnded() && runner->clock().isPaused() && m_document->cursorNs() < 0;
}

void NarrationStepper::setStopAtSteps(bool on)
{
    if (on == m_stopAtSteps)
        return;
    m_stopAtSteps = on;
    if (on)
        armNextStop();
    else if (Runner *runner = m_controller->runner(); runner && m_forRuns && !m_document->hasEnded()) {
        runner->clock().cancelPauseAt();
        runner->clock().resume();
    }
    emit changed();
}

void NarrationStepper::armNextStop()
{
    Runner *runner = m_controller->runner();
    if (!runner || !m_stopAtSteps || !m_forRuns || m_steps.isEmpty() || m_document->hasEnded())
        return;
    const qint64 now = runner->clock().nowNs();
    for (int i = 0; i < m_steps.size(); ++i) {
        if (stepNs(i) > now) {
            runner->clock().pauseAt(stepNs(i));
            return;
        }
    }
}

void NarrationStepper::onRunStarted()
{
    m_lastShown = -2;
    armNextStop();
    emit changed();
}

void NarrationStepper::next()
{
    if (m_steps.isEmpty())
        return;
    const int target = current() + 1;
    Runner *runner = m_controller->runner();
    const bool live = runner && !m_document->hasEnded();
    if (m_document->cursorNs() >= 0) {
        // Replaying the past: forward through what was recorded, then back to now.
        if (target < m_steps.size() && (stepNs(target) <= m_document->endNs() || !live)) {
            m_document->setCursorNs(std::min(stepNs(target), m_document->endNs()));
            return;
        }
        m_document->setCursorNs(-1);
        return;
    }
    if (live && runner->clock().isPaused()) {
        runner->clock().resume();
        armNextStop();
        emit changed();
    }
}

void NarrationStepper::back()
{
    if (m_steps.isEmpty() || m_document->run().events.empty())
        return;
    const qint64 shown = shownNs();
    int target = current();
    // At a step's own moment, Back goes to the one before; inside a step, to its start.
    if (target >= 0 && stepNs(target) >= shown - 1000000)
        --target;
    m_document->setCursorNs(target >= 0 ? stepNs(target) : 0);
}

} // namespace poolscope
