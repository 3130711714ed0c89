// SPDX-License-Identifier: MIT
#include "models/python/pythonprogram.h"

#include "models/python/pythonverbs.h"
#include "scenario/scenario.h"

#include <QStringList>
#include <algorithm>

namespace poolscope {

namespace {

QString quoted(const QString &s)
{
    QString out = s;
    out.replace(QLatin1Char('\\'), QStringLiteral("\\\\")).replace(QLatin1Char('"'), QStringLiteral("\\\""));
    return QLatin1Char('"') + out + QLatin1Char('"');
}

QString seconds(int ms)
{
    return QString::number(ms / 1000.0, 'g', 12);
}

// Lines appended one by one, so each action knows its line number.
class Writer
{
public:
    int add(const QString &line = QString())
    {
        m_lines << line;
        return int(m_lines.size());
    }
    QString text() const { return m_lines.join(QLatin1Char('\n')) + QLatin1Char('\n'); }

private:
    QStringList m_lines;
};

// The description as a docstring: wrapped at 100 columns, never a """ inside.
void addWrapped(Writer &w, const QString &text)
{
    QString line;
    for (const QString &word : QString(text).replace(QStringLiteral("\"\"\""), QStringLiteral("'''")).split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        if (!line.isEmpty() && line.size() + 1 + word.size() > 100) {
            w.add(line);
            line.clear();
        }
        line += (line.isEmpty() ? QString() : QStringLiteral(" ")) + word;
    }
    if (!line.isEmpty())
        w.add(line);
}

struct Item
{
    int atMs;
    int kind; // 0: a submit, 1: an action (submits due at the same time go first)
    int index; // in Scenario::groups or Scenario::actions
};

} // namespace

PythonProgram pythonProgram(const Scenario &s)
{
    PythonProgram program;
    program.actionLines = QList<int>(s.actions.size(), 0);
    program.submitLines = QList<int>(s.groups.size(), 0);
    const bool pauses = std::any_of(s.actions.begin(), s.actions.end(),
                                    [](const ScenarioAction &a) { return a.runnerVerb != RunnerVerb::None; });
    Writer w;
    w.add(QStringLiteral("#!/usr/bin/env python3"));
    w.add(QStringLiteral("\"\"\"%1").arg(s.title.isEmpty() ? s.name : s.title));
    w.add();
    addWrapped(w, s.description);
    if (!s.description.isEmpty())
        w.add();
    w.add(QStringLiteral("Written by poolscope from the scenario \"%1\": the same program, to run with python3.").arg(s.name));
    w.add(QStringLiteral("\"\"\""));
    w.add(QStringLiteral("import threading"));
    w.add(QStringLiteral("import time"));
    w.add(QStringLiteral("from concurrent.futures import ThreadPoolExecutor"));
    w.add();
    w.add(QStringLiteral("TIME_SCALE = 1.0  # multiplies every duration, as poolscope's --time-scale"));
    w.add();
    w.add(QStringLiteral("event = threading.Event()  # the stop event every task shares"));
    if (pauses) {
        w.add(QStringLiteral("gate = threading.Event()  # cleared: tasks hold before their next step (pause)"));
        w.add(QStringLiteral("gate.set()"));
    }
    w.add(QStringLiteral("futures = {}  # task id -> its Future, in submission order"));
    w.add(QStringLiteral("steps_done = {}  # task id -> steps it finished"));
    w.add(QStringLiteral("cancel_results = {}  # task id -> what each cancel() returned"));
    w.add();
    w.add();
    w.add(QStringLiteral("def task(name, steps, step_s, checks_stop=False, waits_on_event=False, fail_at_step=None):"));
    w.add(QStringLiteral("    print(f\"{name}: The task is running...\", flush=True)"));
    w.add(QStringLiteral("    for i in range(steps):"));
    if (pauses)
        w.add(QStringLiteral("        gate.wait()  # paused: hold here, before the step"));
    w.add(QStringLiteral("        if i == fail_at_step:"));
    w.add(QStringLiteral("            raise RuntimeError(f\"{name} failed before step {i}\")"));
    w.add(QStringLiteral("        if waits_on_event:"));
    w.add(QStringLiteral("            if event.wait(step_s):  # returns at once when the event is set"));
    w.add(QStringLiteral("                print(f\"{name} sees the event is set: returning\", flush=True)"));
    w.add(QStringLiteral("                return \"stopped\""));
    w.add(QStringLiteral("        else:"));
    w.add(QStringLiteral("            time.sleep(step_s)  # a whole step: it cannot see the event meanwhile"));
    w.add(QStringLiteral("        steps_done[name] += 1"));
    w.add(QStringLiteral("        if checks_stop and event.is_set():"));
    w.add(QStringLiteral("            print(f\"{name} sees the event is set: returning\", flush=True)"));
    w.add(QStringLiteral("            return \"stopped\""));
    w.add(QStringLiteral("    return \"completed\""));
    w.add();
    w.add();
    w.add(QStringLiteral("def submit(executor, name, *args, **kwargs):"));
    w.add(QStringLiteral("    steps_done[name] = 0"));
    w.add(QStringLiteral("    cancel_results[name] = []"));
    w.add(QStringLiteral("    futures[name] = executor.submit(task, name, *args, **kwargs)"));
    w.add();
    w.add();
    w.add(QStringLiteral("def cancel(name):"));
    w.add(QStringLiteral("    result = futures[name].cancel()  # True only if it had not started"));
    w.add(QStringLiteral("    cancel_results[name].append(result)"));
    w.add(QStringLiteral("    print(f\"{name}.cancel() → {result}\", flush=True)"));
    w.add();
    w.add();
    w.add(QStringLiteral("start = time.monotonic()"));
    w.add();
    w.add();
    w.add(QStringLiteral("def at(ms):"));
    w.add(QStringLiteral("    \"\"\"Sleeps until ms milliseconds after the start: the scenario's clock.\"\"\""));
    w.add(QStringLiteral("    delay = start + ms * TIME_SCALE / 1000 - time.monotonic()"));
    w.add(QStringLiteral("    if delay > 0:"));
    w.add(QStringLiteral("        time.sleep(delay)"));
    w.add();
    w.add();

    // The caller's timeline: submits before actions due at the same time, equal times in file order.
    std::vector<Item> items;
    for (int g = 0; g < s.groups.size(); ++g)
        items.push_back({ s.groups[g].submitAtMs, 0, g });
    for (int a = 0; a < s.actions.size(); ++a)
        items.push_back({ s.actions[a].atMs, 1, a });
    std::stable_sort(items.begin(), items.end(), [](const Item &x, const Item &y) {
        return x.atMs != y.atMs ? x.atMs < y.atMs : x.kind < y.kind;
    });

    w.add(QStringLiteral("with ThreadPoolExecutor(max_workers=%1) as executor:").arg(s.workers));
    int clockMs = -1;
    for (const Item &item : items) {
        if (item.atMs != clockMs) {
            w.add(QStringLiteral("    at(%1)").arg(item.atMs));
            clockMs = item.atMs;
        }
        if (item.kind == 0) {
            const TaskGroup &g = s.groups[item.index];
            QStringList args { QStringLiteral("%1, %2 * TIME_SCALE").arg(g.spec.steps).arg(seconds(g.spec.stepMs)) };
            if (g.spec.checksStop)
                args << QStringLiteral("checks_stop=True");
            if (g.spec.wait == WaitMode::Event)
                args << QStringLiteral("waits_on_event=True");
            if (g.spec.failAtStep >= 0)
                args << QStringLiteral("fail_at_step=%1").arg(g.spec.failAtStep);
            if (g.count == 1) {
                program.submitLines[item.index] =
                        w.add(QStringLiteral("    submit(executor, %1, %2)").arg(quoted(instanceId(g, 1)), args.join(QStringLiteral(", "))));
            } else {
                w.add(QStringLiteral("    for n in range(1, %1):").arg(g.count + 1));
                program.submitLines[item.index] = w.add(
                        QStringLiteral("        submit(executor, f%1, %2)").arg(quoted(g.spec.id + QStringLiteral("#{n}")), args.join(QStringLiteral(", "))));
            }
            continue;
        }
        const ScenarioAction &a = s.actions[item.index];
        int &line = program.actionLines[item.index];
        if (a.runnerVerb == RunnerVerb::Pause) {
            line = w.add(QStringLiteral("    gate.clear()  # pause: each task holds before its next step"));
            continue;
        }
        if (a.runnerVerb == RunnerVerb::Resume) {
            line = w.add(QStringLiteral("    gate.set()  # resume"));
            continue;
        }
        switch (a.code) {
        case python::Cancel: {
            w.add(QStringLiteral("    print(\"Cancel task...\", flush=True)"));
            const Scenario::TaskReference ref = s.resolve(a.task);
            if (ref.group >= 0 && ref.ordinal == 0 && s.groups[ref.group].count > 1) {
                w.add(QStringLiteral("    for n in range(1, %1):").arg(s.groups[ref.group].count + 1));
                line = w.add(QStringLiteral("        cancel(f%1)").arg(quoted(s.groups[ref.group].spec.id + QStringLiteral("#{n}"))));
            } else {
                const QString id = ref.group >= 0 && ref.ordinal == 0 ? instanceId(s.groups[ref.group], 1) : a.task;
                line = w.add(QStringLiteral("    cancel(%1)").arg(quoted(id)));
            }
            break;
        }
        case python::CancelAll:
            w.add(QStringLiteral("    print(\"Cancel task...\", flush=True)"));
            w.add(QStringLiteral("    for name in list(futures):"));
            line = w.add(QStringLiteral("        cancel(name)"));
            break;
        case python::Stop:
            w.add(QStringLiteral("    print(\"Stop task...\", flush=True)"));
            line = w.add(QStringLiteral("    event.set()"));
            break;
        case python::Clear:
            line = w.add(QStringLiteral("    event.clear()"));
            break;
        case python::Shutdown:
            line = w.add(QStringLiteral("    executor.shutdown(wait=%1, cancel_futures=%2)")
                                 .arg(a.flags & python::ShutdownWait ? QStringLiteral("True") : QStringLiteral("False"),
                                      a.flags & python::ShutdownCancelFutures ? QStringLiteral("True") : QStringLiteral("False")));
            break;
        default:
            line = w.add(QStringLiteral("    pass  # %1: not a Python call").arg(a.verb));
            break;
        }
    }
    w.add(QStringLiteral("    print(\"Waiting...\", flush=True)"));
    program.finalWaitLine = w.add(QStringLiteral("# leaving the with block: shutdown(wait=True), every task has ended"));
    w.add(QStringLiteral("print(\"All done.\", flush=True)"));
    w.add();
    w.add(QStringLiteral("for name, future in futures.items():"));
    w.add(QStringLiteral("    if future.cancelled():"));
    w.add(QStringLiteral("        outcome = \"cancelled\""));
    w.add(QStringLiteral("    elif future.exception() is not None:"));
    w.add(QStringLiteral("        outcome = \"failed\""));
    w.add(QStringLiteral("    else:"));
    w.add(QStringLiteral("        outcome = future.result()"));
    w.add(QStringLiteral("    print(f\"{name}: {outcome}, steps_done={steps_done[name]}, cancel_results={cancel_results[name]}\")"));
    program.text = w.text();
    return program;
}

} // namespace poolscope
