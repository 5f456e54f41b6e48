package v1beta1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"dhakacart.local/provider-crds/apis/common"
)

// BudgetNotification is one alert of the budget.
type BudgetNotification struct {
	// Comparison operator to use to evaluate the condition.
	// +kubebuilder:validation:Enum=LESS_THAN;EQUAL_TO;GREATER_THAN
	// +kubebuilder:validation:Required
	ComparisonOperator *string `json:"comparisonOperator"`
	// What kind of budget value to notify on.
	// +kubebuilder:validation:Enum=ACTUAL;FORECASTED
	// +kubebuilder:validation:Required
	NotificationType *string `json:"notificationType"`
	// E-Mail addresses to notify.
	// +listType=set
	// +optional
	SubscriberEmailAddresses []*string `json:"subscriberEmailAddresses,omitempty"`
	// SNS topics to notify.
	// +listType=set
	// +optional
	SubscriberSnsTopicArns []*string `json:"subscriberSnsTopicArns,omitempty"`
	// Threshold when the notification should be sent.
	// +kubebuilder:validation:Required
	Threshold *float64 `json:"threshold"`
	// What kind of threshold is defined.
	// +kubebuilder:validation:Enum=PERCENTAGE;ABSOLUTE_VALUE
	// +kubebuilder:validation:Required
	ThresholdType *string `json:"thresholdType"`
}

// BudgetCostFilter narrows the budget to some costs.
type BudgetCostFilter struct {
	// The name of the cost filter, e.g. TagKeyValue.
	// +kubebuilder:validation:Required
	Name *string `json:"name"`
	// The values of the cost filter.
	// +kubebuilder:validation:Required
	Values []*string `json:"values"`
}

// BudgetParameters are the settings the compute-foundation composition sets.
type BudgetParameters struct {
	// Region is the region you'd like your resource to be created in.
	// +kubebuilder:validation:Required
	Region *string `json:"region"`
	// Whether this budget tracks monetary cost or usage.
	// +kubebuilder:validation:Enum=USAGE;COST;SAVINGS_PLANS_UTILIZATION;RI_UTILIZATION;SAVINGS_PLANS_COVERAGE;RI_COVERAGE
	// +optional
	BudgetType *string `json:"budgetType,omitempty"`
	// The amount of cost or usage being measured for a budget.
	// +optional
	LimitAmount *string `json:"limitAmount,omitempty"`
	// The unit of measurement used for the budget forecast, actual spend, or budget threshold, such as USD or GBP.
	// +optional
	LimitUnit *string `json:"limitUnit,omitempty"`
	// The length of time until a budget resets the actual and forecasted spend.
	// +kubebuilder:validation:Enum=DAILY;MONTHLY;QUARTERLY;ANNUALLY
	// +optional
	TimeUnit *string `json:"timeUnit,omitempty"`
	// A list of CostFilter name/values pair to apply to budget.
	// +optional
	CostFilter []BudgetCostFilter `json:"costFilter,omitempty"`
	// Object containing Budget Notifications.
	// +optional
	Notification []BudgetNotification `json:"notification,omitempty"`
	// Key-value map of resource tags.
	// +mapType=granular
	// +optional
	Tags map[string]*string `json:"tags,omitempty"`
}

// BudgetObservation is what the provider reports.
type BudgetObservation struct {
	// The ARN of the budget.
	Arn *string `json:"arn,omitempty"`
	// id of resource.
	ID *string `json:"id,omitempty"`
}

// BudgetSpec defines the desired state of Budget.
type BudgetSpec struct {
	common.ManagedResourceSpec `json:",inline"`
	ForProvider                BudgetParameters `json:"forProvider"`
}

// BudgetStatus defines the observed state of Budget.
type BudgetStatus struct {
	common.ManagedResourceStatus `json:",inline"`
	AtProvider                   BudgetObservation `json:"atProvider,omitempty"`
}

// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:storageversion

// Budget is the Schema for the Budgets API. Provides a budgets budget resource.
// +kubebuilder:printcolumn:name="SYNCED",type="string",JSONPath=".status.conditions[?(@.type=='Synced')].status"
// +kubebuilder:printcolumn:name="READY",type="string",JSONPath=".status.conditions[?(@.type=='Ready')].status"
// +kubebuilder:printcolumn:name="EXTERNAL-NAME",type="string",JSONPath=".metadata.annotations.crossplane\\.io/external-name"
// +kubebuilder:printcolumn:name="AGE",type="date",JSONPath=".metadata.creationTimestamp"
// +kubebuilder:resource:scope=Namespaced,categories={crossplane,managed,aws}
type Budget struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              BudgetSpec   `json:"spec"`
	Status            BudgetStatus `json:"status,omitempty"`
}
