package v1beta1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"dhakacart.local/provider-crds/apis/common"
)

// CertificateValidationParameters are the settings the compute-foundation composition sets.
type CertificateValidationParameters struct {
	// Region is the region you'd like your resource to be created in.
	// +kubebuilder:validation:Required
	Region *string `json:"region"`
	// ARN of the certificate that is being validated.
	// +optional
	CertificateArn *string `json:"certificateArn,omitempty"`
	// Reference to a Certificate in acm to populate certificateArn.
	// +optional
	CertificateArnRef *common.NamespacedReference `json:"certificateArnRef,omitempty"`
	// Selector for a Certificate in acm to populate certificateArn.
	// +optional
	CertificateArnSelector *common.NamespacedSelector `json:"certificateArnSelector,omitempty"`
	// List of FQDNs that implement the validation.
	// +listType=set
	// +optional
	ValidationRecordFqdns []*string `json:"validationRecordFqdns,omitempty"`
}

// CertificateValidationObservation is what the provider reports.
type CertificateValidationObservation struct {
	// Time at which the certificate was issued.
	ID *string `json:"id,omitempty"`
}

// CertificateValidationSpec defines the desired state of CertificateValidation.
type CertificateValidationSpec struct {
	common.ManagedResourceSpec `json:",inline"`
	ForProvider                CertificateValidationParameters `json:"forProvider"`
}

// CertificateValidationStatus defines the observed state of CertificateValidation.
type CertificateValidationStatus struct {
	common.ManagedResourceStatus `json:",inline"`
	AtProvider                   CertificateValidationObservation `json:"atProvider,omitempty"`
}

// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:storageversion

// CertificateValidation is the Schema for the CertificateValidations API. Waits for and checks successful validation of an ACM certificate.
// +kubebuilder:printcolumn:name="SYNCED",type="string",JSONPath=".status.conditions[?(@.type=='Synced')].status"
// +kubebuilder:printcolumn:name="READY",type="string",JSONPath=".status.conditions[?(@.type=='Ready')].status"
// +kubebuilder:printcolumn:name="EXTERNAL-NAME",type="string",JSONPath=".metadata.annotations.crossplane\\.io/external-name"
// +kubebuilder:printcolumn:name="AGE",type="date",JSONPath=".metadata.creationTimestamp"
// +kubebuilder:resource:scope=Namespaced,categories={crossplane,managed,aws}
type CertificateValidation struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              CertificateValidationSpec   `json:"spec"`
	Status            CertificateValidationStatus `json:"status,omitempty"`
}
