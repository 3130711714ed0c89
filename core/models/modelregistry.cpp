// SPDX-License-Identifier: MIT
#include "models/modelregistry.h"

#include "models/model.h"
#include "models/java/javamodel.h"
#include "models/python/pythonmodel.h"
#include "models/qt/qtmodel.h"

#include <mutex>
#include <vector>

namespace poolscope {

namespace {

struct Registry
{
    std::mutex mutex;
    std::vector<std::unique_ptr<Model>> models;

    Registry()
    {
        // The built-in models, one line each.
        models.push_back(std::make_unique<PythonModel>());
        models.push_back(std::make_unique<JavaModel>());
        models.push_back(std::make_unique<QtModel>());
    }
};

Registry &registry()
{
    static Registry r;
    return r;
}

} // namespace

const Model *findModel(const QString &name)
{
    Registry &r = registry();
    std::lock_guard lock(r.mutex);
    for (const auto &m : r.models) {
        if (m->name() == name)
            return m.get();
    }
    return nullptr;
}

QStringList modelNames()
{
    Registry &r = registry();
    std::lock_guard lock(r.mutex);
    QStringList names;
    for (const auto &m : r.models)
        names << m->name();
    return names;
}

bool registerModel(std::unique_ptr<Model> model)
{
    Registry &r = registry();
    std::lock_guard lock(r.mutex);
    for (const auto &m : r.models) {
        if (m->name() == model->name())
            return false;
    }
    r.models.push_back(std::move(model));
    return true;
}

} // namespace poolscope
