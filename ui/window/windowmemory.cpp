// SPDX-License-Identifier: MIT
#include "window/windowmemory.h"

#include <QSettings>
#include <algorithm>

namespace poolscope {

namespace {
// One group, so a later format can live beside this one.
const QString Group = QStringLiteral("window/1/");
}

WindowMemory WindowMemory::load()
{
    QSettings settings;
    WindowMemory m;
    m.geometry = settings.value(Group + QStringLiteral("geometry")).toByteArray();
    m.viewLayout = settings.value(Group + QStringLiteral("viewLayout")).toByteArray();
    m.presenter = settings.value(Group + QStringLiteral("presenter"), false).toBool();
    m.stopAtSteps = settings.value(Group + QStringLiteral("stopAtSteps"), false).toBool();
    m.predict = settings.value(Group + QStringLiteral("predict"), false).toBool();
    // A hand-edited or damaged value must not make the text unreadable.
    m.textSizeDelta = std::clamp(settings.value(Group + QStringLiteral("textSizeDelta"), 0).toInt(), -4, 20);
    m.scenario = settings.value(Group + QStringLiteral("scenario")).toString();
    return m;
}

void WindowMemory::save() const
{
    QSettings settings;
    settings.setValue(Group + QStringLiteral("geometry"), geometry);
    settings.setValue(Group + QStringLiteral("viewLayout"), viewLayout);
    settings.setValue(Group + QStringLiteral("presenter"), presenter);
    settings.setValue(Group + QStringLiteral("stopAtSteps"), stopAtSteps);
    settings.setValue(Group + QStringLiteral("predict"), predict);
    settings.setValue(Group + QStringLiteral("textSizeDelta"), textSizeDelta);
    settings.setValue(Group + QStringLiteral("scenario"), scenario);
}

} // namespace poolscope
