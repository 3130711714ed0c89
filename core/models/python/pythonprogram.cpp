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

// The futures a wait() or as_completed() names: a Python list of instance ids in submission order, or
// every future submitted so far.
QString namesOf(const Scenario &s, const ScenarioAction &a)
{
    if (a.tasks.isEmpty())
        return QStringLiteral("list(futures)");
    QStringList chosen;
    for (const TaskGroup &g : s.groupsInSubmissionOrder()) {
        for (int k = 1; k <= g.count; ++k) {
            const QString id = instanceId(g, k);
            const bool named = std::any_of(a.tasks.begin(), a.tasks.end(), [&](const QString &t) {
                const Scenario::TaskReference ref = s.resolve(t);
                return ref.group >= 0 && s.groups[ref.group].spec.id == g.spec.id && (ref.ordinal == 0 || ref.ordinal == k);
            });
            if (named)
                chosen << quoted(id);
        }
    }
    return QLatin1Char('[') + chosen.join(QStringLiteral(", ")) + QLatin1Char(']');
}

} // namespace

PythonProgram pythonProgram(const Scenario &s)
{
    PythonProgram program;
    program.actionLines = QList<int>(s.actions.size(), 0);
    program.submitLines = QList<int>(s.groups.size(), 0);
    const bool pauses = std::any_of(s.actions.begin(), s.actions.end(),
                                    [](const ScenarioAction &a) { return a.runnerVerb != RunnerVerb::None; });
    const bool calls = std::any_of(s.actions.begin(), s.actions.end(), [](const ScenarioAction &a) {
        return a.runnerVerb == RunnerVerb::None
                && (a.code == python::WaitCall || a.code == python::AsCompletedCall || a.code == python::ResultCall);
    });
    Writer w;
    w.add(QStringLiteral("#!/usr/bin/env python3"));
    w.add(QStringLiteral("\"\"\"%1").arg(s.title.isEmpty() ? s.name : s.title));
    w.add();
    addWrapped(w, s.description);
    if (!s.description.isEmpty())
        w.add();
    w.add(QStringLiteral("Written by poolscope from the scenario \"%1\": the same program, to run with python3.").arg(s.name));
    w.add(QStringLiteral("\"\"\""));
    if (calls) {
        w.add(QStringLiteral("import concurrent.futures"));
        w.add(QStringLiteral("import json"));
    }
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
    if (calls)
        w.add(QStringLiteral("caller_results = []  # what each wait(), as_completed() and result() returned"));
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
    if (calls) {
        w.add(QStringLiteral("def wait_for(names, timeout=None, return_when=concurrent.futures.ALL_COMPLETED):"));
        w.add(QStringLiteral("    print(f\"wait({names}) blocks the caller...\", flush=True)"));
        w.add(QStringLiteral("    done, not_done = concurrent.futures.wait([futures[n] for n in names], timeout=timeout, return_when=return_when)"));
        w.add(QStringLiteral("    caller_results.append({\"call\": \"wait\", \"done\": [n for n in names if futures[n] in done],"));
        w.add(QStringLiteral("                           \"not_done\": [n for n in names if futures[n] in not_done]})"));
        w.add(QStringLiteral("    print(f\"wait() returned: done={[n for n in names if futures[n] in done]}\", flush=True)"));
        w.add();
        w.add();
        w.add(QStringLiteral("def in_completion_order(names, timeout=None):"));
        w.add(QStringLiteral("    # Done already (finished, or cancelled and skipped by a worker): as_completed yields these first,"));
        w.add(QStringLiteral("    # in a set's order; the record lists them in submission order."));
        w.add(QStringLiteral("    early = [n for n in names if futures[n]._state in (\"CANCELLED_AND_NOTIFIED\", \"FINISHED\")]"));
        w.add(QStringLiteral("    name_of = {futures[n]: n for n in names}"));
        w.add(QStringLiteral("    order, timed_out = [], False"));
        w.add(QStringLiteral("    try:"));
        w.add(QStringLiteral("        for future in concurrent.futures.as_completed([futures[n] for n in names], timeout=timeout):"));
        w.add(QStringLiteral("            print(f\"as_completed() yields {name_of[future]}\", flush=True)"));
        w.add(QStringLiteral("            order.append(name_of[future])"));
        w.add(QStringLiteral("    except concurrent.futures.TimeoutError:"));
        w.add(QStringLiteral("        print(\"as_completed() raised TimeoutError\", flush=True)"));
        w.add(QStringLiteral("        timed_out = True"));
        w.add(QStringLiteral("    order = [n for n in early if n in order] + [n for n in order if n not in early]"));
        w.add(QStringLiteral("    caller_results.append({\"call\": \"as_completed\", \"order\": order, \"timeout\": timed_out})"));
        w.add();
        w.add();
        w.add(QStringLiteral("def result_of(name, timeout=None):"));
        w.add(QStringLiteral("    try:"));
        w.add(QStringLiteral("        futures[name].result(timeout=timeout)  # blocks the caller until it is done"));
        w.add(QStringLiteral("        outcome = \"value\""));
        w.add(QStringLiteral("    except concurrent.futures.CancelledError:"));
        w.add(QStringLiteral("        outcome = \"cancelled\""));
        w.add(QStringLiteral("    except concurrent.futures.TimeoutError:"));
        w.add(QStringLiteral("        outcome = \"timeout\""));
        w.add(QStringLiteral("    except Exception:"));
        w.add(QStringLiteral("        outcome = \"exception\""));
        w.add(QStringLiteral("    print(f\"{name}.result() → {outcome}\", flush=True)"));
        w.add(QStringLiteral("    caller_results.append({\"call\": \"result\", \"task\": name, \"outcome\": outcome})"));
        w.add();
        w.add();
    }
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
        case python::WaitCall:
        case python::AsCompletedCall: {
            QStringList args { namesOf(s, a) };
            if (a.timeoutMs > 0)
                args << QStringLiteral("timeout=%1 * TIME_SCALE").arg(seconds(int(a.timeoutMs)));
            if (a.code == python::WaitCall && a.flags & python::WaitFirstCompleted)
                args << QStringLiteral("return_when=concurrent.futures.FIRST_COMPLETED");
            if (a.code == python::WaitCall && a.flags & python::WaitFirstException)
                args << QStringLiteral("return_when=concurrent.futures.FIRST_EXCEPTION");
            line = w.add(QStringLiteral("    %1(%2)")
                                 .arg(a.code == python::WaitCall ? QStringLiteral("wait_for") : QStringLiteral("in_completion_order"),
                                      args.join(QStringLiteral(", "))));
            break;
        }
        case python::ResultCall: {
            const Scenario::TaskReference ref = s.resolve(a.task);
            const QString id = ref.group >= 0 && ref.ordinal == 0 ? instanceId(s.groups[ref.group], 1) : a.task;
            line = w.add(QStringLiteral("    result_of(%1%2)")
                                 .arg(quoted(id), a.timeoutMs > 0 ? QStringLiteral(", timeout=%1 * TIME_SCALE").arg(seconds(int(a.timeoutMs)))
                                                                  : QString()));
            break;
        }
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
    if (calls) {
        w.add(QStringLiteral("for entry in caller_results:"));
        w.add(QStringLiteral("    print(f\"{entry['call']}: {json.dumps(entry)}\")"));
    }
    program.text = w.text();
    return program;
}

} // namespace poolscope
