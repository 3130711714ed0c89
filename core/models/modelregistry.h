// SPDX-License-Identifier: MIT
// The models poolscope knows, by the name a scenario gives in "model".
#pragma once

#include <QStringList>
#include <memory>

namespace poolscope {

class Model;

const Model *findModel(const QString &name); // nullptr if none has that name
QStringList modelNames(); // built-ins first, in the order they were added
// Adds a model (tests add a toy one). A second model with a taken name replaces nothing: false.
bool registerModel(std::unique_ptr<Model> model);

} // namespace poolscope
