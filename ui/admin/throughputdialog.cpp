#include "throughputdialog.h"

#include "manageutil.h"

#include <cosmosclient.h>

#include <QButtonGroup>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QTimer>
#include <QVBoxLayout>

using namespace Cosmos;

namespace Manage {

static int roundUp(int value, int step)
{
    return (value + step - 1) / step * step;
}

ThroughputDialog::ThroughputDialog(CosmosClient *client, const ResourcePath &resource,
                                   QWidget *parent)
    : QDialog(parent)
    , m_client(client)
    , m_resource(resource)
    , m_currentLabel(new QLabel(this))
    , m_minimumLabel(new QLabel(this))
    , m_manual(new QRadioButton(tr("&Manual"), this))
    , m_autoscale(new QRadioButton(tr("&Autoscale"), this))
    , m_valueLabel(new QLabel(this))
    , m_value(new QSpinBox(this))
    , m_validation(new QLabel(this))
    , m_charge(new QLabel(this))
    , m_openDatabase(new QPushButton(tr("Open &database throughput…"), this))
    , m_save(new QPushButton(tr("&Save"), this))
    , m_reload(new QPushButton(tr("&Reload"), this))
    , m_message(new MessageLine(this))
{
    setWindowTitle(tr("Throughput — %1").arg(describe(resource)));
    setAttribute(Qt::WA_DeleteOnClose);
    m_currentLabel->setObjectName(QStringLiteral("currentThroughput"));
    m_currentLabel->setWordWrap(true);
    m_currentLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_manual->setObjectName(QStringLiteral("manual"));
    m_autoscale->setObjectName(QStringLiteral("autoscale"));
    m_value->setObjectName(QStringLiteral("throughputValue"));
    m_value->setRange(0, 1000000);
    m_value->setSuffix(tr(" RU/s"));
    m_value->setGroupSeparatorShown(true);
    m_validation->setObjectName(QStringLiteral("validation"));
    setErrorTextColor(m_validation);
    m_validation->setWordWrap(true);
    m_charge->setObjectName(QStringLiteral("requestCharge"));
    m_openDatabase->setObjectName(QStringLiteral("openDatabaseThroughput"));
    m_openDatabase->hide();
    m_save->setObjectName(QStringLiteral("saveThroughput"));

    auto modeGroup = new QButtonGroup(this);
    modeGroup->addButton(m_manual);
    modeGroup->addButton(m_autoscale);
    auto modes = new QHBoxLayout;
    modes->addWidget(m_manual);
    modes->addWidget(m_autoscale);
    modes->addStretch();

    auto form = new QFormLayout;
    form->addRow(tr("Current:"), m_currentLabel);
    m_minimumTitle = new QLabel(tr("Minimum:"), this);
    m_modeLabel = new QLabel(tr("Mode:"), this);
    m_minimumLabel->setObjectName(QStringLiteral("minimumThroughput"));
    form->addRow(m_minimumTitle, m_minimumLabel);
    form->addRow(m_modeLabel, modes);
    form->addRow(m_valueLabel, m_value);
    form->addRow(QString(), m_validation);

    auto buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_save, QDialogButtonBox::ApplyRole);
    buttons->addButton(m_reload, QDialogButtonBox::ResetRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(QStringLiteral("<b>%1</b>").arg(describe(resource).toHtmlEscaped()),
                                 this));
    layout->addLayout(form);
    layout->addWidget(m_openDatabase, 0, Qt::AlignLeft);
    layout->addStretch();
    layout->addWidget(m_charge);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
    resize(520, minimumSizeHint().height());

    connect(m_manual, &QRadioButton::toggled, this, &ThroughputDialog::onModeChanged);
    connect(m_value, &QSpinBox::valueChanged, this, &ThroughputDialog::validate);
    connect(m_save, &QPushButton::clicked, this, &ThroughputDialog::save);
    connect(m_reload, &QPushButton::clicked, this, &ThroughputDialog::reload);
    connect(m_openDatabase, &QPushButton::clicked, this, &ThroughputDialog::openDatabase);
    reload();
}

ThroughputSettings ThroughputDialog::settings() const
{
    return {m_autoscale->isChecked(), m_value->value()};
}

void ThroughputDialog::setState(State state)
{
    m_state = state;
    const bool ready = state == State::Ready && !m_busy;
    m_manual->setEnabled(ready);
    m_autoscale->setEnabled(ready);
    m_value->setEnabled(ready);
    m_save->setEnabled(ready && m_validation->text().isEmpty());
    m_reload->setEnabled(!m_busy);
    m_openDatabase->setVisible(state == State::Shared);
    const bool editable = state == State::Ready || state == State::Loading;
    const QList<QWidget *> editors{m_manual, m_autoscale, m_value, m_valueLabel,
                                   m_minimumLabel, m_modeLabel, m_minimumTitle};
    for (QWidget *w : editors)
        w->setVisible(editable);
    if (state != State::Loading && !m_fitted) {
        // Once loaded, as tall as what shows (the "Reading…" line is gone): it left an empty
        // band above the request charge. Only once, so a size the user chose stays.
        m_fitted = true;
        QTimer::singleShot(0, this, [this] { resize(width(), minimumSizeHint().height()); });
    }
}

void ThroughputDialog::reload()
{
    if (!m_client || m_busy)
        return;
    m_busy = true;
    setState(State::Loading);
    m_message->showBusy(tr("Reading the throughput of %1…").arg(describe(m_resource)));
    readThroughput(m_client, m_resource, this, [this](const ThroughputInfo &info, const CosmosError &e) {
        if (!e.isError()) {
            m_busy = false;
            m_message->clear();
            showCurrent(info);
            setState(State::Ready);
            Q_EMIT loaded(m_state);
            return;
        }
        if (e.status != 404) {
            m_busy = false;
            m_currentLabel->setText(tr("unknown"));
            m_message->showError(e, tr("Could not read the throughput"));
            setState(State::Failed);
            Q_EMIT loaded(m_state);
            return;
        }
        if (m_resource.kind() != ResourceKind::Container) {
            m_busy = false;
            m_currentLabel->setText(
                tr("No provisioned throughput. Either the account is serverless (billed per "
                   "request, nothing to set), or database \"%1\" has no shared throughput and "
                   "each container has its own.")
                    .arg(m_resource.id()));
            m_message->clear();
            setState(State::NoOffer);
            Q_EMIT loaded(m_state);
            return;
        }
        // A container without an offer: does its database share throughput?
        const ResourcePath database = ResourcePath::database(m_resource.databaseId());
        readThroughput(m_client, database, this, [this](const ThroughputInfo &db, const CosmosError &de) {
            m_busy = false;
            m_message->clear();
            if (!de.isError()) {
                m_currentLabel->setText(
                    tr("This container shares the throughput of database \"%1\" (%2). Change it "
                       "on the database.")
                        .arg(m_resource.databaseId(),
                             db.autoscale ? tr("autoscale up to %1 RU/s").arg(db.autoscaleMaxThroughput)
                                          : tr("%1 RU/s manual").arg(db.throughput)));
                setState(State::Shared);
            } else {
                m_currentLabel->setText(
                    tr("No provisioned throughput: the account is serverless (billed per "
                       "request, nothing to set), or this container has no offer."));
                setState(State::NoOffer);
            }
            Q_EMIT loaded(m_state);
        });
    });
}

void ThroughputDialog::showCurrent(const ThroughputInfo &info)
{
    m_current = info;
    QString text = info.autoscale ? tr("Autoscale, up to %1 RU/s (scales between %2 and %1)")
                                        .arg(info.autoscaleMaxThroughput)
                                        .arg(info.autoscaleMaxThroughput / 10)
                                  : tr("Manual, %1 RU/s").arg(info.throughput);
    m_currentLabel->setText(text);
    m_minimumLabel->setText(info.minThroughput > 0 ? tr("%1 RU/s").arg(info.minThroughput)
                                                   : tr("not reported"));
    m_charge->setText(tr("Request charge: %1").arg(chargeText(info.requestCharge)));
    const QSignalBlocker blockManual(m_manual);
    (info.autoscale ? m_autoscale : m_manual)->setChecked(true);
    onModeChanged();
    m_value->setValue(info.autoscale ? info.autoscaleMaxThroughput : info.throughput);
    validate();
}

void ThroughputDialog::onModeChanged()
{
    const bool autoscale = m_autoscale->isChecked();
    m_valueLabel->setText(autoscale ? tr("Maximum RU/s:") : tr("RU/s:"));
    m_value->setSingleStep(autoscale ? 1000 : 100);
    // Offer a sensible starting value in the new mode; the user can change it.
    const int v = m_value->value();
    if (autoscale && m_current.autoscale)
        m_value->setValue(m_current.autoscaleMaxThroughput);
    else if (!autoscale && !m_current.autoscale && m_current.throughput > 0)
        m_value->setValue(m_current.throughput);
    else if (autoscale)
        m_value->setValue(qMax(1000, roundUp(v, 1000)));
    else
        m_value->setValue(qMax(qMax(400, m_current.minThroughput), roundUp(v / 10, 100)));
    validate();
}

void ThroughputDialog::validate()
{
    const CosmosError e = settings().validate(m_current.minThroughput);
    m_validation->setText(e.isError() ? e.message : QString());
    setState(m_state);
}

// List prices (Azure Cosmos DB, single-region write account, US regions, as published in
// "Understand your Azure Cosmos DB bill",
// https://learn.microsoft.com/azure/cosmos-db/understand-your-bill, and the pricing page
// https://azure.microsoft.com/pricing/details/cosmos-db/):
//   standard (manual) provisioned throughput: $0.008 per 100 RU/s per hour;
//   autoscale: 1.5 times that, $0.012 per 100 RU/s per hour, billed on the highest RU/s
//   reached in the hour — estimated here at the maximum (the most it can cost).
// A month is 730 hours, as in Azure's pricing calculator. Regions, multi-region writes,
// reserved capacity and currencies change the figure: it is shown as an estimate.
constexpr double ManualDollarsPer100RuHour = 0.008;
constexpr double AutoscaleFactor = 1.5;
constexpr double HoursPerMonth = 730;

double ThroughputDialog::monthlyCostEstimate(bool autoscale, int ruPerSecond)
{
    const double perHour
        = ruPerSecond / 100.0 * ManualDollarsPer100RuHour * (autoscale ? AutoscaleFactor : 1.0);
    return perHour * HoursPerMonth;
}

QString ThroughputDialog::changeSummary(const ThroughputSettings &wanted) const
{
    const QLocale locale(QLocale::English);
    const auto describeSetting = [&](bool autoscale, int ru) {
        return autoscale ? tr("autoscale up to %1 RU/s").arg(locale.toString(ru))
                         : tr("manual %1 RU/s").arg(locale.toString(ru));
    };
    const auto cost = [&](bool autoscale, int ru) {
        return QStringLiteral("$") + locale.toString(monthlyCostEstimate(autoscale, ru), 'f', 2);
    };
    const bool fromAutoscale = m_current.autoscale;
    const int from = fromAutoscale ? m_current.autoscaleMaxThroughput : m_current.throughput;
    QString text = tr("Change the throughput of %1\nfrom %2\nto %3?")
                       .arg(describe(m_resource),
                            describeSetting(fromAutoscale, from),
                            describeSetting(wanted.autoscale, wanted.value));
    text += QStringLiteral("\n\n")
            + tr("Estimated cost per month at list prices: %1 now, %2 after%3. This is an "
                 "estimate (single region, US list price $0.008 per 100 RU/s per hour, "
                 "autoscale 1.5 times that at its maximum); your bill depends on regions, "
                 "discounts and currency.")
                  .arg(cost(fromAutoscale, from),
                       cost(wanted.autoscale, wanted.value),
                       wanted.autoscale ? tr(" at most") : QString());
    return text;
}

void ThroughputDialog::save()
{
    if (!m_client || m_busy || m_state != State::Ready)
        return;
    const ThroughputSettings wanted = settings();
    if (CosmosError e = wanted.validate(m_current.minThroughput); e.isError()) {
        m_message->showError(e);
        return;
    }
    // A throughput change is billed by the hour: say what it does and costs first.
    if (!confirm(this, tr("Change throughput"), changeSummary(wanted))) {
        m_message->showInfo(tr("Throughput not changed."));
        return;
    }
    m_busy = true;
    setState(m_state);
    m_message->showBusy(tr("Replacing the throughput of %1…").arg(describe(m_resource)));
    replaceThroughput(m_client, m_resource, wanted, this,
                      [this](const ThroughputInfo &info, const CosmosError &e) {
        m_busy = false;
        if (e.isError()) {
            setState(m_state); // keep what was typed
            m_message->showError(e, tr("Could not change the throughput"));
            return;
        }
        showCurrent(info);
        setState(State::Ready);
        m_message->showInfo(tr("Throughput changed (%1).").arg(chargeText(info.requestCharge)));
        Q_EMIT saved(info);
    });
}

void ThroughputDialog::openDatabase()
{
    auto dialog = new ThroughputDialog(m_client, ResourcePath::database(m_resource.databaseId()),
                                       parentWidget());
    dialog->show();
    Q_EMIT databaseDialogOpened(dialog);
}

} // namespace Manage
