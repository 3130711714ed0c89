// SPDX-License-Identifier: MIT
#include "window/openingstatus.h"

#include "window/runfileopener.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>

namespace poolscope {

OpeningStatus::OpeningStatus(RunFileOpener *opener, QWidget *parent)
    : QWidget(parent), m_opener(opener), m_label(new QLabel(this)), m_bar(new QProgressBar(this)),
      m_cancel(new QPushButton(QStringLiteral("Cancel"), this))
{
    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(m_label);
    row->addWidget(m_bar);
    row->addWidget(m_cancel);
    m_bar->setRange(0, 100);
    // The percentage is in the label's words; the bar only shows the share.
    m_bar->setTextVisible(false);
    m_bar->setFixedWidth(m_bar->fontMetrics().horizontalAdvance(QLatin1Char('M')) * 10);
    m_cancel->setToolTip(QStringLiteral("Stop opening this file; the window keeps what it showed"));
    connect(m_cancel, &QPushButton::clicked, opener, &RunFileOpener::cancel);
    connect(opener, &RunFileOpener::progressed, this, [this](double f) {
        if (m_opener->isOpening())
            showProgress(f);
    });
    auto hide = [this] { setVisible(false); };
    connect(opener, &RunFileOpener::opened, this, hide);
    connect(opener, &RunFileOpener::failed, this, hide);
    connect(opener, &RunFileOpener::cancelled, this, hide);
    setVisible(false);
}

void OpeningStatus::showProgress(double fraction)
{
    const int percent = int(fraction * 100.0);
    m_label->setText(QStringLiteral("Opening %1… %2 %").arg(QFileInfo(m_opener->path()).fileName()).arg(percent));
    m_bar->setValue(percent);
    setVisible(true);
}

} // namespace poolscope
