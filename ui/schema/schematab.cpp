// SchemaTab: sample a container and show its fields.
#include "schematab.h"

#include "fieldcharts.h"
#include "fieldmodel.h"

#include <schemasampler.h>

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace Cosmoscope {

using namespace Cosmos;

SchemaTab::SchemaTab(CosmosClient *client, const ResourcePath &container, QWidget *parent)
    : QWidget(parent)
    , m_container(container)
    , m_sampler(new SchemaSampler(client, container, this))
    , m_model(new FieldModel(this))
    , m_view(new QTableView(this))
    , m_charts(new FieldCharts(this))
    , m_size(new QSpinBox(this))
    , m_sampleButton(new QPushButton(tr("Sample"), this))
    , m_cancelButton(new QPushButton(tr("Cancel"), this))
    , m_progress(new QProgressBar(this))
    , m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("schemaTab"));
    m_size->setRange(10, 1000000);
    m_size->setSingleStep(1000);
    m_size->setValue(1000);
    m_size->setGroupSeparatorShown(true);
    m_size->setSuffix(tr(" documents"));
    m_size->setToolTip(tr("How many documents to sample, spread over the partition key ranges"));
    m_cancelButton->setEnabled(false);
    m_progress->setTextVisible(true);
    m_status->setObjectName(QStringLiteral("schemaStatus"));
    m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred); // long text: no min
    m_progress->setMaximumWidth(160);

    auto toolbar = new QHBoxLayout;
    toolbar->addWidget(new QLabel(tr("Sample"), this));
    toolbar->addWidget(m_size);
    toolbar->addWidget(m_sampleButton);
    toolbar->addWidget(m_cancelButton);
    toolbar->addWidget(m_progress);
    toolbar->addStretch();

    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->horizontalHeader()->setSectionResizeMode(FieldModel::PathColumn,
                                                     QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setStretchLastSection(false);
    m_view->horizontalHeader()->setSectionResizeMode(FieldModel::TypesColumn, QHeaderView::Stretch);
    m_view->setColumnWidth(FieldModel::PresenceColumn, 80);
    m_view->setColumnWidth(FieldModel::OccurrencesColumn, 60);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);

    auto splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_view);
    splitter->addWidget(m_charts);
    // The field table first: at 900 px its Types column was cut to "s…".
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setSizes({620, 380});

    auto layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(toolbar);
    layout->addWidget(m_status); // a line of its own: beside the buttons it was cut at 900 px
    layout->addWidget(splitter, 1);

    connect(m_sampleButton, &QPushButton::clicked, this, &SchemaTab::sample);
    connect(m_cancelButton, &QPushButton::clicked, this, &SchemaTab::cancel);
    connect(m_sampler, &SchemaSampler::progress, this, &SchemaTab::onProgress);
    connect(m_sampler, &SchemaSampler::finished, this, &SchemaTab::onFinished);
    connect(m_sampler, &SchemaSampler::failed, this, [this](const CosmosError &error) {
        onFinished();
        m_status->setText(tr("Sampling failed: %1").arg(error.message));
        emit failed(error);
    });
    connect(m_view->selectionModel(),
            &QItemSelectionModel::currentRowChanged,
            this,
            &SchemaTab::showCurrent);
    connect(m_charts, &FieldCharts::conditionRequested, this, [this](const QString &condition) {
        emit queryRequested(QStringLiteral("SELECT * FROM c WHERE ") + condition);
    });
    m_status->setText(tr("Sample the container to see its fields."));
}

void SchemaTab::sample()
{
    m_model->setStats(nullptr);
    m_charts->showField(nullptr, nullptr);
    m_sampleButton->setEnabled(false);
    m_cancelButton->setEnabled(true);
    m_progress->setRange(0, m_size->value());
    m_progress->setValue(0);
    m_status->setText(tr("Sampling…"));
    m_sampler->start(m_size->value());
}

void SchemaTab::cancel()
{
    if (!m_sampler->isRunning())
        return;
    m_sampler->cancel();
    onFinished();
    m_status->setText(tr("Cancelled after %1 documents · %2 RU")
                          .arg(m_sampler->documents().size())
                          .arg(m_sampler->requestCharge(), 0, 'f', 2));
}

void SchemaTab::onProgress(int sampled, int wanted, double charge)
{
    m_progress->setMaximum(wanted);
    m_progress->setValue(sampled);
    m_status->setText(tr("Sampling… %1 of %2 documents · %3 RU")
                          .arg(sampled)
                          .arg(wanted)
                          .arg(charge, 0, 'f', 2));
}

void SchemaTab::onFinished()
{
    m_sampleButton->setEnabled(true);
    m_cancelButton->setEnabled(false);
    m_progress->setValue(int(m_sampler->documents().size()));
    m_model->setStats(&m_sampler->stats());
    const auto count = [](qsizetype n, const QString &one, const QString &many) {
        return QStringLiteral("%1 %2").arg(n).arg(n == 1 ? one : many);
    };
    m_status->setText(
        tr("%1 sampled from %2 · %3 · %4 RU · %5 ms")
            .arg(count(m_sampler->documents().size(), tr("document"), tr("documents")),
                 count(m_sampler->rangeCount(),
                       tr("partition key range"),
                       tr("partition key ranges")),
                 count(m_sampler->stats().fields().size(), tr("field"), tr("fields")))
            .arg(m_sampler->requestCharge(), 0, 'f', 2)
            .arg(m_sampler->elapsedMs()));
    if (m_model->rowCount() > 0)
        m_view->selectRow(0);
    emit samplingDone();
}

bool SchemaTab::selectField(const QString &path)
{
    const int row = m_model->rowOf(path);
    if (row < 0)
        return false;
    m_view->selectRow(row);
    m_view->scrollTo(m_model->index(row, 0));
    return true;
}

void SchemaTab::showCurrent()
{
    const int row = m_view->currentIndex().row();
    m_charts->showField(&m_sampler->stats(), m_model->fieldAt(row));
}

} // namespace Cosmoscope
