"""The Qt window: widgets, models and dialogs. Calls store services and queries; never SQL."""
