// SPDX-License-Identifier: MIT
// File › Compare…: choose the two runs, A and B, from the built-ins or from files.
#pragma once

#include <QDialog>

class QComboBox;

namespace poolscope {

// Two choices, each a built-in scenario (listed by name and title) or a file (a scenario or a saved run)
// picked with its "File…" button. Every field has its Alt+letter.
class CompareDialog : public QDialog
{
    Q_OBJECT
public:
    explicit CompareDialog(QWidget *parent = nullptr);

    // A as given (empty: the default lesson), B its sensible partner.
    void setChoices(const QString &a, const QString &b = QString());
    QString choiceA() const; // a built-in name or a path
    QString choiceB() const;

    // Asks for A and B (A: `current`, what the window shows) and opens the comparison in a window of its
    // own, `parent`'s size. A choice that cannot be loaded gets a dialog naming it and its file and field.
    static void openComparison(QWidget *parent, const QString &current, double timeScale);

    // The run that shows best what `name` teaches beside it: cancel() alone against cancel then the event.
    static QString partnerOf(const QString &name);

private:
    QComboBox *makeChoice();
    void choose(QComboBox *box, const QString &value);
    void pickFile(QComboBox *box);

    QComboBox *m_a = nullptr;
    QComboBox *m_b = nullptr;
};

} // namespace poolscope
